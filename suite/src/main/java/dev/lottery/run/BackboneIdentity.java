package dev.lottery.run;

import dev.lottery.backbone.Backbones;
import dev.lottery.backbone.HeInit;
import dev.lottery.backbone.checkpoint.KeyMaps;
import dev.lottery.catalog.Framework;
import dev.lottery.data.Preprocessing;

/**
 * Names a backbone's weights and graph exactly: a checkpoint by its digest, key map (and the key
 * maps' version: what a map makes of a file), padding and graph format; a random ResNet by its
 * topology, width, input channels, He-init seed and init version. Fields that do not apply are null
 * (left out of the provenance text).
 */
public record BackboneIdentity(String kind, String checkpointSha256, String keymap, String keymapVersion,
        String padding, String topology, Integer width, Integer inChannels, Long initSeed, String initVersion,
        String graphFormat) {

    /** The one place a framework's backbone identity is built. */
    static BackboneIdentity of(Framework f, Preprocessing prep) {
        return switch (f.backbone()) {
            case PIXELS -> named("pixels");
            case RANDOM_RESNET -> new BackboneIdentity("random-resnet", null, null, null, null, "resnet50", f.width(),
                    prep.channels(), f.initSeed(), HeInit.VERSION, Backbones.graphs().graphFormat());
            case CHECKPOINT -> new BackboneIdentity("checkpoint", f.sha256(), f.keymap(), KeyMaps.VERSION,
                    f.padding() == null ? null : f.padding().id(), null, null, null, null, null, Backbones.graphs().graphFormat());
        };
    }

    /** A backbone known by its kind alone (pixels; a test's stand-in). */
    static BackboneIdentity named(String kind) {
        return new BackboneIdentity(kind, null, null, null, null, null, null, null, null, null, null);
    }

    /** One line, as environment.json's {@code backbones} gives it. */
    String describe() {
        return switch (kind) {
            case "random-resnet" -> "random-resnet[" + topology + "-topology,width=" + width + ",in=" + inChannels
                    + ",he-init-seed=" + initSeed + "," + initVersion + "," + graphFormat + "]";
            case "checkpoint" -> "checkpoint[sha256=" + checkpointSha256 + ",keymap=" + keymap + "," + keymapVersion
                    + (padding == null ? "" : ",padding=" + padding) + "," + graphFormat + "]";
            default -> kind;
        };
    }
}
