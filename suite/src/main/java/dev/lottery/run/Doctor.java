package dev.lottery.run;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.lottery.backbone.ResNetSpec;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Catalog;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Variant;
import dev.lottery.data.BadImageException;
import dev.lottery.data.BadSamples;
import dev.lottery.data.ImageDecoder;
import dev.lottery.data.Preprocessing;
import dev.lottery.data.Sample;
import dev.lottery.data.SampleSource;
import dev.lottery.data.layout.Datasets;
import dev.lottery.data.layout.Opened;
import dev.lottery.data.layout.SplitSpec;
import dev.lottery.probe.Devices;
import dev.lottery.probe.Engines;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks this machine for a run of one suite, before any work: the engine's natives load, its
 * version, the device, each split's folder and layout, each checkpoint present and matching its
 * pin, and free disk and RAM for the suite's features (estimated from the declared counts x the
 * feature width x 4 bytes). Reads and hashes, never extracts or trains.
 */
public final class Doctor {

    private Doctor() {}

    public static List<DoctorCheck> check(Path home, RunOptions options) {
        return check(home, options, Machine.local());
    }

    static List<DoctorCheck> check(Path home, RunOptions options, Machine machine) {
        List<DoctorCheck> out = new ArrayList<>();
        engine(options.device(), out);
        Suite suite;
        try {
            suite = Catalog.load(home, options.suite()).restrict(options.frameworks(), options.variants());
            out.add(DoctorCheck.ok("suite " + options.suite(), suite.frameworks().size() + " frameworks x "
                    + suite.variants().size() + " variants, " + suite.seeds() + " seeds"));
        } catch (RuntimeException e) {
            out.add(DoctorCheck.failed("suite " + options.suite(), e.getMessage(),
                    "fix the declaration named, or choose a declared suite with --suite"));
            return out;
        }
        List<Variant> splits = new ArrayList<>();
        splits.add(suite.train());
        splits.addAll(suite.variants());
        for (Variant v : splits) {
            out.add(data(v, options));
        }
        for (Framework f : suite.frameworks()) {
            if (f.backbone() == BackboneKind.CHECKPOINT) {
                out.add(checkpoint(f, home, options));
            }
        }
        space(suite, options, machine, out);
        return out;
    }

    private static void engine(String deviceChoice, List<DoctorCheck> out) {
        Engine engine;
        String natives = Engines.nativeLibraryPath().orElse("");
        try {
            engine = Engines.defaultEngine();
        } catch (RuntimeException | LinkageError e) {
            out.add(DoctorCheck.failed("natives load", "the " + Engines.defaultName() + " engine did not start: "
                    + e.getMessage(),
                    "run through ./lottery, which builds the jar and unpacks the natives into suite/target/tf-native "
                            + "(or ./lottery --gpu for the CUDA natives)"));
            out.add(DoctorCheck.failed("device " + deviceChoice, "not checked: the engine did not start",
                    "fix the natives first"));
            return;
        }
        out.add(DoctorCheck.ok("natives load", engine.getEngineName() + " engine loaded from "
                + (natives.isEmpty() ? "the natives on the classpath (gpu build)" : natives)));
        String version = engine.getVersion();
        if (version == null || version.isBlank()) {
            out.add(DoctorCheck.failed("engine version", "the engine reports no version",
                    "rebuild with mvn -B -DskipTests package (a mixed natives folder?)"));
        } else {
            out.add(DoctorCheck.ok("engine version", engine.getEngineName() + " " + version + ", DJL "
                    + Engine.getDjlVersion()));
        }
        int gpus = engine.getGpuCount();
        try {
            Device d = Devices.resolve(deviceChoice, engine);
            out.add(DoctorCheck.ok("device " + deviceChoice, d + " (" + gpus + " GPU(s) visible)"));
        } catch (IllegalArgumentException e) {
            out.add(DoctorCheck.failed("device " + deviceChoice, e.getMessage(),
                    "use --device cpu or auto; for a GPU: ./lottery --gpu (LOTTERY_GPU=1) with an NVIDIA driver "
                            + "and CUDA 12.1 libraries, nvidia-smi showing the GPU"));
        }
    }

    private static DoctorCheck data(Variant v, RunOptions o) {
        String name = "data " + v.id();
        SplitSpec spec;
        try {
            spec = o.split(v);
        } catch (RuntimeException e) {
            return DoctorCheck.failed(name, e.getMessage(), "point --data-root / LOTTERY_DATA at the folder holding "
                    + "the variants (or --dataset-path " + v.id() + "=DIR); README, \"Pointing the suite at ImageNet\"");
        }
        try {
            Opened opened = Datasets.openReadable(spec);
            String found = opened.source().layout() + " at " + spec.root();
            if (opened.difference().isPresent()) {
                return DoctorCheck.failed(name, found + ": " + opened.difference().get().summary(),
                        "complete the copy (./lottery datasets inspect " + v.id() + " --root " + spec.root()
                                + " lists what differs), or run with --allow-partial to use it, recorded as partial");
            }
            return DoctorCheck.ok(name, found);
        } catch (IOException | RuntimeException e) {
            return DoctorCheck.failed(name, e.getMessage(), "put the split at " + spec.root()
                    + ", or point --data-root / LOTTERY_DATA at the folder holding it (or --dataset-path "
                    + v.id() + "=DIR); README, \"Pointing the suite at ImageNet\"");
        }
    }

    private static DoctorCheck checkpoint(Framework f, Path home, RunOptions o) {
        String name = "checkpoint " + f.id();
        Path file = RunOptions.checkpointFile(home, o.checkpointsDir(), f.id(), f.checkpointUrl());
        try {
            Framework local = Preflight.withLocalDigest(f, home, o.checkpointsDir());
            return DoctorCheck.ok(name, file + (f.sha256().isEmpty()
                    ? ", sha256 " + local.sha256() + " (not pinned in the lock file: commit the digest to pin it)"
                    : ", sha256 matches its pin " + f.sha256().substring(0, Math.min(16, f.sha256().length())) + "..."));
        } catch (RuntimeException e) {
            return DoctorCheck.failed(name, e.getMessage(), "./lottery fetch " + f.id()
                    + " (a file whose digest differs from its pin: delete it first), or --checkpoints DIR");
        }
    }

    /** Disk for every framework's features (plus the largest split twice while its segments are joined); RAM for one training split. */
    private static void space(Suite suite, RunOptions o, Machine machine, List<DoctorCheck> out) {
        long disk = 0;
        long largest = 0;
        long trainLargest = 0;
        List<String> unknown = new ArrayList<>();
        for (Framework f : suite.frameworks()) {
            long width;
            try {
                width = featureWidth(suite, f, o);
            } catch (IOException | RuntimeException e) {
                unknown.add(f.id());
                continue;
            }
            List<Variant> splits = new ArrayList<>(suite.variants());
            if (suite.routineOf(f) != null) {
                splits.add(suite.train());
                trainLargest = Math.max(trainLargest, bytes(suite.train(), width));
            }
            for (Variant v : splits) {
                disk += bytes(v, width);
                largest = Math.max(largest, bytes(v, width));
            }
        }
        long need = disk + largest;
        long free = machine.usableDisk().applyAsLong(o.cacheDir());
        String basis = "declared counts x feature width x 4 B" + (unknown.isEmpty() ? ""
                : "; width unknown for " + unknown + ", left out");
        out.add(free >= need
                ? DoctorCheck.ok("disk for features", gb(need) + " needed (" + basis + "), " + gb(free) + " free at "
                        + o.cacheDir())
                : DoctorCheck.failed("disk for features", gb(need) + " needed (" + basis + "), only " + gb(free)
                        + " free at " + o.cacheDir(), "free space there, or point --cache at a larger disk"
                        + " (features already cached count towards the need but take no new space)"));
        long ram = machine.availableRam();
        out.add(ram >= trainLargest
                ? DoctorCheck.ok("RAM for training features", gb(trainLargest) + " for the largest training split's "
                        + "features in page cache, " + gb(ram) + " available")
                : DoctorCheck.failed("RAM for training features", gb(trainLargest) + " for the largest training "
                        + "split's features in page cache, only " + gb(ram) + " available", "free memory (or lower "
                        + "LOTTERY_JAVA_OPTS' -Xmx); with less it still runs, reading rows from disk: use an SSD"));
    }

    private static long bytes(Variant v, long width) {
        return (long) Math.max(0, v.expectedCount()) * width * Float.BYTES;
    }

    /** Floats per image of a framework's features: the ResNet's width, or the pixels of one image. */
    static long featureWidth(Suite suite, Framework f, RunOptions o) throws IOException {
        Preprocessing p = suite.preprocessingOf(f);
        if (f.backbone() != BackboneKind.PIXELS) {
            return ResNetSpec.resnet50(f.width(), p.channels()).featureDim();
        }
        if (p.crop() > 0) {
            return (long) p.crop() * p.crop() * p.channels();
        }
        // no crop: the images' own size; the first training image stands for all
        SampleSource source = Datasets.open(o.split(suite.train()));
        long[] dim = {-1};
        try {
            source.forEach(new java.util.function.Consumer<Sample>() {
                @Override
                public void accept(Sample s) {
                    try {
                        BufferedImage img = ImageDecoder.decodeRgb(s.readBytes());
                        dim[0] = (long) img.getWidth() * img.getHeight() * p.channels();
                    } catch (IOException | BadImageException e) {
                        return; // a bad image: try the next
                    }
                    throw new Stop();
                }
            }, new BadSamples());
        } catch (Stop stop) {
            // one image was enough
        }
        if (dim[0] < 0) {
            throw new IOException("no decodable image in " + source.root());
        }
        return dim[0];
    }

    /** Ends a stream after its first sample. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** Bytes for a person: GB, MB or kB (decimal units, as disks are sold). */
    static String gb(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
        }
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }
}
