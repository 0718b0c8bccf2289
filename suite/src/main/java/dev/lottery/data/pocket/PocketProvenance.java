package dev.lottery.data.pocket;

import java.util.List;
import java.util.Map;

/**
 * What the pocket generator used and produced; written as {@code provenance.json}.
 *
 * @param splits split name to its description, in generation order
 */
public record PocketProvenance(String generatorVersion, long seed, List<InputFile> inputs,
        List<FontFile> fonts, ReferenceModelInfo referenceModel, Map<String, SplitInfo> splits) {

    /** An input file: its name, where it comes from, its SHA-256 and its licence. */
    public record InputFile(String name, String origin, String sha256, String licence) {}

    /** A font file under the fonts directory, the Debian package that installed it and its licence. */
    public record FontFile(String file, String sha256, String debianPackage, String licence, int rendered) {}

    /** The fixed softmax-regression model that selects the adversarial split. */
    public record ReferenceModelInfo(String description, int epochs, double learningRate,
            double trainAccuracy, double valAccuracy) {}

    /**
     * One split. {@code referenceAccuracy} is the reference model's top-1 over all 10 classes;
     * {@code referenceSubsetAccuracy} its arg-max over the subset only (null for full splits).
     */
    public record SplitInfo(String source, int count, int[] countsPerClass, List<Integer> classSubset,
            double referenceAccuracy, Double referenceSubsetAccuracy, List<ShardFile> shards) {}

    /** A shard file of a split. */
    public record ShardFile(String name, long bytes, String sha256) {}
}
