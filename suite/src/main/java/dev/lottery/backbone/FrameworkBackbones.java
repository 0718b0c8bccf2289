package dev.lottery.backbone;

import ai.djl.Device;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.catalog.Framework;
import dev.lottery.data.DatasetMismatchException;
import dev.lottery.data.Preprocessing;
import dev.lottery.probe.LinearHead;
import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a declared framework's backbone, and reads a checkpoint's own classifier: what a framework
 * declaration ({@link Framework}) means in networks. The caller says where the artifact is.
 */
public final class FrameworkBackbones {

    private FrameworkBackbones() {}

    /**
     * The backbone of {@code f} on {@code device}: normalised pixels, a He-initialised ResNet, or the weights
     * at {@code checkpoint} (ignored for the first two). A checkpoint's feature width must match the declared
     * ResNet-50 width; an ONNX export's is known after its first batch.
     *
     * @param modelsDir where built graphs are cached
     */
    public static Backbone open(Framework f, Preprocessing prep, Path checkpoint, Path modelsDir, Device device) {
        return switch (f.backbone()) {
            case PIXELS -> Backbones.pixels(device);
            case RANDOM_RESNET -> Backbones.randomResNet(ResNetSpec.resnet50(f.width(), prep.channels()), f.initSeed(),
                    modelsDir, device);
            case CHECKPOINT -> checkpoint(f, prep, checkpoint, modelsDir, device);
        };
    }

    private static Backbone checkpoint(Framework f, Preprocessing prep, Path file, Path modelsDir, Device device) {
        Backbone b = Backbones.open(file, f.keymap(), f.padding(), modelsDir, device);
        if (f.isExport()) {
            return b; // an ONNX export: its feature width is known after the first batch
        }
        int expected = ResNetSpec.resnet50(f.width(), prep.channels()).featureDim();
        if (b.featureDim() != expected) {
            b.close();
            throw new IllegalStateException(file + " (keymap " + f.keymap() + ") gives " + b.featureDim()
                    + "-d features; " + f.where() + " declares width " + f.width() + " (" + expected + "-d)");
        }
        return b;
    }

    /**
     * The checkpoint's own classifier (torchvision's {@code fc}) as a linear head over {@code classes}
     * classes: the supervised canary needs no training.
     */
    public static LinearHead ownClassifier(Framework f, Path file, int classes) {
        Map<String, WeightTensor> w = Checkpoints.load(file, f.keymap()).weights();
        WeightTensor fc = w.get("fc.weight");
        WeightTensor bias = w.get("fc.bias");
        if (fc == null || bias == null) {
            throw new IllegalStateException(f.where() + ": routine 'pretrained' needs a classifier (fc.weight, fc.bias)"
                    + " in " + file + " under keymap " + f.keymap());
        }
        long[] s = fc.shape();
        if (s[0] != classes) {
            throw new DatasetMismatchException(file + " classifies " + s[0] + " classes; the variants have " + classes);
        }
        return new LinearHead((int) s[0], (int) s[1], fc.values(), bias.values());
    }
}
