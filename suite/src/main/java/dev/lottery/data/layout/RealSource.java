package dev.lottery.data.layout;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * ImageNet ReaL: the val images in any layout, each labelled with the set real.json gives for its
 * file name ({@code ILSVRC2012_val_%08d}), never by enumeration or folder order. Empty sets are
 * kept as empty (the scorer leaves them out).
 */
final class RealSource extends FileSource {
    private final FileSource images;
    private final int[][] real;
    private final Path realJson;

    RealSource(FileSource images, int[][] real, Path realJson) {
        super(images.root(), images.classes(), images.layout() + "+real");
        this.images = images;
        this.real = real;
        this.realJson = realJson;
    }

    @Override
    void entries(EntrySink sink) throws IOException {
        images.entries(new EntrySink() {
            @Override
            public void accept(String rel, Path file, int[] labels) throws IOException {
                int n = ValFileName.number(file.getFileName().toString());
                if (n < 1 || n > real.length) {
                    sink.bad(rel, file, "file name is not ILSVRC2012_val_NNNNNNNN with N in 1.." + real.length
                            + ", so " + realJson + " has no labels for it");
                } else {
                    sink.accept(rel, file, real[n - 1].clone());
                }
            }

            @Override
            public void bad(String rel, Path file, String reason) throws IOException {
                // an image the val labels do not cover may still have ReaL labels
                int n = ValFileName.number(file.getFileName().toString());
                if (n >= 1 && n <= real.length && reason.startsWith("no label for image")) {
                    sink.accept(rel, file, real[n - 1].clone());
                } else {
                    sink.bad(rel, file, reason);
                }
            }
        });
    }

    @Override
    List<Path> labelFiles() {
        List<Path> out = new ArrayList<>(images.labelFiles());
        out.add(realJson);
        return out;
    }
}
