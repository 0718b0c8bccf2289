package dev.lottery.catalog;

import dev.lottery.backbone.Padding;
import dev.lottery.backbone.checkpoint.KeyMaps;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A backbone under test and how it is evaluated: one row of {@code frameworks.csv}, or one
 * {@link #builder(String)} call in Java. {@link #problems()} says what is wrong with it; the builder
 * refuses an invalid one and the file reader reports each problem at its row.
 *
 * @param width    the ResNet-50 width multiplier (random-resnet and checkpoint; 0 for pixels)
 * @param initSeed the He-initialisation seed (random-resnet only)
 * @param keymap   the checkpoint's key map ({@link KeyMaps} name, {@code BASE@PREFIX} allowed); "" for an
 *                 ONNX export or a backbone without a checkpoint
 * @param padding  the padding convention of the network the checkpoint comes from, or null for the one
 *                 its format implies
 * @param preprocessing the id of the test-time preprocessing the suite declares
 * @param routine  the id of the training routine the suite declares, or {@link Catalog#PRETRAINED}
 */
public record Framework(
        String id,
        String name,
        String group,
        BackboneKind backbone,
        int width,
        long initSeed,
        String checkpointUrl,
        String sha256,
        String keymap,
        Padding padding,
        String preprocessing,
        String routine,
        String note,
        Where where) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** A framework declared in Java; {@link Builder#build()} validates it as the file reader does. */
    public static Builder builder(String id) {
        return new Builder(id);
    }

    /** A builder holding this framework's values (to derive a changed copy). */
    public Builder toBuilder() {
        return new Builder(id).name(name).group(group).backbone(backbone).width(width).initSeed(initSeed)
                .checkpoint(checkpointUrl, sha256).keymap(keymap).padding(padding).preprocessing(preprocessing)
                .routine(routine).note(note).where(where);
    }

    /** The same framework with the artifact digest {@code sha} (pinned by the lock file, or hashed locally). */
    public Framework withSha256(String sha) {
        return toBuilder().checkpoint(checkpointUrl, sha).buildUnchecked();
    }

    /** An ONNX export: run as exported, its feature width known after the first batch. */
    public boolean isExport() {
        return checkpointUrl.endsWith(".onnx");
    }

    /**
     * What is wrong with this declaration, one sentence each (empty when valid). References to
     * routines and preprocessing are checked by the suite that declares them.
     */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (id == null || id.isBlank()) {
            out.add("a framework needs an id");
        }
        if (backbone == null) {
            out.add("framework '" + id + "' needs a backbone: pixels, random-resnet or checkpoint");
            return out;
        }
        if (backbone != BackboneKind.PIXELS && width < 1) {
            out.add("backbone '" + backbone.notation() + "' needs a width of at least 1, found " + width);
        }
        if (backbone == BackboneKind.CHECKPOINT && checkpointUrl.isEmpty()) {
            out.add("backbone 'checkpoint' needs a checkpoint_url");
        }
        // an ONNX export is run as exported (no key map); a PyTorch checkpoint needs its declared map
        if (backbone == BackboneKind.CHECKPOINT && isExport() && !keymap.isEmpty()) {
            out.add("an .onnx artifact runs as exported; leave keymap empty, found '" + keymap + "'");
        } else if (backbone == BackboneKind.CHECKPOINT && !isExport()) {
            try {
                KeyMaps.named(keymap);
            } catch (IllegalArgumentException e) {
                out.add("backbone 'checkpoint' needs a keymap, one of " + KeyMaps.names() + " (or BASE" + KeyMaps.AT
                        + "PREFIX); found '" + keymap + "'");
            }
        }
        if (padding != null && backbone != BackboneKind.CHECKPOINT) {
            out.add("column 'padding' applies to checkpoints only; leave it empty for backbone '"
                    + backbone.notation() + "', found '" + padding.id() + "'");
        } else if (padding != null && isExport()) {
            out.add("an .onnx artifact runs as exported; leave padding empty, found '" + padding.id() + "'");
        }
        if (!checkpointUrl.isEmpty() && !sha256.isEmpty() && !SHA256.matcher(sha256).matches()) {
            out.add("artifact " + checkpointUrl + " has no SHA-256 (expected 64 lowercase hex digits, found '"
                    + sha256 + "')");
        }
        if (routine.equals(Catalog.PRETRAINED) && backbone != BackboneKind.CHECKPOINT) {
            out.add("routine '" + Catalog.PRETRAINED + "' (the checkpoint's own classifier) needs backbone 'checkpoint'");
        }
        return out;
    }

    /** Builds a {@link Framework}; unset text is "", the name defaults to the id. */
    public static final class Builder {
        private final String id;
        private String name;
        private String group = "";
        private BackboneKind backbone;
        private int width;
        private long initSeed;
        private String checkpointUrl = "";
        private String sha256 = "";
        private String keymap = "";
        private Padding padding;
        private String preprocessing = "";
        private String routine = "";
        private String note = "";
        private Where where;

        private Builder(String id) {
            this.id = id;
        }

        public Builder name(String v) { name = v; return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder backbone(BackboneKind v) { backbone = v; return this; }
        public Builder width(int v) { width = v; return this; }
        public Builder initSeed(long v) { initSeed = v; return this; }
        public Builder keymap(String v) { keymap = v; return this; }
        public Builder padding(Padding v) { padding = v; return this; }
        public Builder preprocessing(String v) { preprocessing = v; return this; }
        public Builder routine(String v) { routine = v; return this; }
        public Builder note(String v) { note = v; return this; }
        public Builder where(Where v) { where = v; return this; }

        /** Normalised pixels as features. */
        public Builder pixels() {
            return backbone(BackboneKind.PIXELS).width(0);
        }

        /** The ResNet-50 topology at {@code width}, He-initialised with {@code seed}. */
        public Builder randomResNet(int width, long seed) {
            return backbone(BackboneKind.RANDOM_RESNET).width(width).initSeed(seed);
        }

        /** A published checkpoint at {@code url} ("" digest = pinned elsewhere or not yet). */
        public Builder checkpoint(String url, String sha) {
            checkpointUrl = url;
            sha256 = sha;
            return this;
        }

        /** The framework; throws {@link IllegalArgumentException} listing its {@link Framework#problems()}. */
        public Framework build() {
            Framework f = buildUnchecked();
            List<String> problems = f.problems();
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(f.where() + ": " + String.join("; ", problems));
            }
            return f;
        }

        /** The framework as given, for a reader that reports {@link Framework#problems()} itself. */
        Framework buildUnchecked() {
            return new Framework(id, name == null ? id : name, group, backbone, width, initSeed, checkpointUrl,
                    sha256, keymap, padding, preprocessing, routine, note, where == null ? Where.inJava() : where);
        }
    }
}
