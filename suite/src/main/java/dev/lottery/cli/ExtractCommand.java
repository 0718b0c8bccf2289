package dev.lottery.cli;

import dev.lottery.backbone.FolderFeatures;
import dev.lottery.run.FolderExtraction;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Features of a folder of images from a checkpoint (or ONNX / SavedModel export), as .npy plus a .txt
 * of paths. An image that cannot be used is counted, listed and skipped, as in a run; the exit status
 * is then 1 (unless {@code --allow-bad-images}).
 */
@Command(name = "extract", description = "Write a checkpoint's features for every image under a folder:"
        + " FILE.npy (float32 [N, D]) and FILE.txt (relative image paths, one per row, same order).",
        footerHeading = "%nExamples:%n",
        footer = {"  ./lottery extract --checkpoint .cache/checkpoints/dino/dino_resnet50_pretrain.pth --keymap dino \\",
            "      --images photos/ --out dino.npy",
            "  ./lottery extract --checkpoint model.onnx --images photos/ --out f.npy --logits"})
final class ExtractCommand implements Callable<Integer> {

    @Option(names = "--checkpoint", required = true,
            description = "A PyTorch checkpoint (.pth, .pth.tar, .pkl, .zip), a TensorFlow checkpoint (SimCLR's zip, its"
                    + " folder, .index or prefix), an .onnx file, or a SavedModel directory.")
    Path checkpoint;

    @Option(names = "--keymap", description = "Key map of a PyTorch, TensorFlow or JAX checkpoint: torchvision, moco,"
            + " mocov3, pcl, swav, deepclusterv2, selav2, simclr, byol, simsiam, obow, dino, barlowtwins, vicreg.")
    String keymap;

    @Option(names = "--padding", description = "Padding of the network the checkpoint comes from: torch, tf-same-pool"
            + " or tf-same (default: what the file's format implies; see README, Checkpoints).")
    String padding;

    @Option(names = "--images", required = true, description = "Folder of images (walked recursively, sorted by path).")
    Path images;

    @Option(names = "--out", required = true, description = "Output .npy; the .txt of paths is written beside it.")
    Path out;

    @Option(names = "--preprocess", defaultValue = "imagenet",
            description = "Preprocessing id from suite/catalog/preprocessing.csv (default: ${DEFAULT-VALUE}).")
    String preprocess;

    @Option(names = "--logits", description = "Write the classifier's logits instead of the features (canary only).")
    boolean logits;

    @Option(names = "--batch", defaultValue = "32", description = "Images per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--cache", description = "Where built models are cached (default: <home>/.cache).")
    Path cache;

    @Option(names = "--allow-bad-images", description = "Exit 0 even when some images could not be used (they are"
            + " still listed and left out of the rows).")
    boolean allowBadImages;

    @Override
    public Integer call() {
        FolderExtraction.Written w = FolderExtraction.extract(Main.home(), new FolderExtraction.Request(checkpoint,
                keymap, padding, images, out, preprocess, logits, batch, device, cache));
        FolderFeatures.Result r = w.result();
        System.out.printf("lottery: %d x %d %s from %s -> %s (+ %s)%n", r.features().rows(), r.features().cols(),
                logits ? "logits" : "features", w.backboneId(), out, w.paths().getFileName());
        if (!r.bad().isEmpty()) {
            System.out.printf("lottery: %d image(s) could not be used and are not in the rows:%n", r.bad().size());
            r.bad().forEach(s -> System.out.println("  " + s.source() + "/" + s.key() + ": " + s.reason()));
            // like a run with bad samples: the output is usable, but not everything asked for is in it
            return allowBadImages ? 0 : 1;
        }
        return 0;
    }
}
