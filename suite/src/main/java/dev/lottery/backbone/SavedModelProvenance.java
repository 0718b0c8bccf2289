package dev.lottery.backbone;

import dev.lottery.features.Provenance;

/**
 * What a cached SavedModel is built from: the graph format, the network's spec (topology, width,
 * input channels, padding) and the SHA-256 of the exact weights it holds (sorted keys, shapes,
 * float bits). Its hash names the model's folder ({@code resnet-<key[0:32]>}); its text is the
 * folder's {@code provenance.json}. The engine is not in it: the file is our own GraphDef, the same
 * for every engine that loads it.
 */
public record SavedModelProvenance(String graphFormat, String spec, String weightsSha256) implements Provenance {

    /** The store kind (folder) of cached models. */
    public static final String KIND = "models";
    /** The provenance text inside a model's folder. */
    public static final String FILE = "provenance.json";

    @Override
    public String kind() {
        return KIND;
    }

    /** The model's folder name under the models cache. */
    public String folder() {
        return "resnet-" + key().substring(0, 32);
    }
}
