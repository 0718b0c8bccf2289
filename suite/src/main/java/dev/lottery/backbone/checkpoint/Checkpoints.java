package dev.lottery.backbone.checkpoint;

import dev.lottery.backbone.ResNetSpec;
import dev.lottery.backbone.WeightTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads a checkpoint and maps it onto torchvision ResNet names with a declared key map. */
public final class Checkpoints {

    private Checkpoints() {}

    /**
     * Strict: see {@link KeyMap#apply}; the shapes are checked when the graph is built (a haiku
     * release's already while mapping). A TensorFlow checkpoint (see {@link TfBundle}: a zip of its
     * folder, the folder, the .index file or the prefix) is read directly under a key map that
     * declares a TensorFlow layout (only {@code simclr}: {@link SimclrTfLayout}).
     * {@link KeyMap.Mapped#padding()} is how the source network padded: the graph must pad the same
     * way to compute the release's own features.
     */
    public static KeyMap.Mapped load(Path file, String keymap) {
        KeyMap map = KeyMaps.named(keymap);
        if (TfBundle.isBundle(file)) {
            if (!map.name().equals(SimclrTfLayout.KEYMAP)) {
                throw new CheckpointException(file + " is a TensorFlow checkpoint; keymap " + keymap
                        + " describes a PyTorch layout (only '" + SimclrTfLayout.KEYMAP + "' reads TensorFlow"
                        + " checkpoints)");
            }
            return SimclrTfLayout.load(file);
        }
        if (Files.isDirectory(file)) {
            throw new CheckpointException("checkpoint " + file + " is a directory without a TensorFlow checkpoint"
                    + " (*.index) or a SavedModel (saved_model.pb); expected a checkpoint file (.pth, .pth.tar, .pkl,"
                    + " .zip) or such a directory");
        }
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint " + file + " does not exist (fetch it with ./lottery fetch)");
        }
        return map.apply(CheckpointReader.read(file), file.toString());
    }

    /** As {@link #resnet50Like(Map)}, under the padding convention the checkpoint was trained with. */
    public static ResNetSpec resnet50Like(KeyMap.Mapped mapped) {
        return resnet50Like(mapped.weights()).withPadding(mapped.padding());
    }

    /** The ResNet-50 topology at the width and input channels of {@code conv1.weight} [w, c, 7, 7]; PyTorch padding. */
    public static ResNetSpec resnet50Like(Map<String, WeightTensor> weights) {
        WeightTensor conv1 = weights.get("conv1.weight");
        if (conv1 == null || conv1.shape().length != 4) {
            throw new CheckpointException("no conv1.weight [width, channels, 7, 7] among the mapped weights "
                    + weights.keySet().stream().limit(8).toList());
        }
        long[] s = conv1.shape();
        return ResNetSpec.resnet50(Math.toIntExact(s[0]), Math.toIntExact(s[1]));
    }
}
