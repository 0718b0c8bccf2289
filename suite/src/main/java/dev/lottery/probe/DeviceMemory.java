package dev.lottery.probe;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How many bytes of a device's memory the training rows may take, and where that figure came from.
 * In this order:
 * <ol>
 *   <li>{@value #PROPERTY} (bytes, or with a k/m/g/t suffix, e.g. {@code 60g}): a declared budget,
 *       used as given; the way out when the memory cannot be queried;</li>
 *   <li>the engine's memory limit for the device ({@link Engines#deviceMemoryLimit}: for TensorFlow
 *       the pool its GPU allocator takes at start, sized from the device's free memory then), times
 *       the fraction {@value #FRACTION_PROPERTY} (default {@value #DEFAULT_FRACTION});</li>
 *   <li>CUDA's free memory ({@code cudaMemGetInfo} through DJL's {@link CudaUtils}) times the same
 *       fraction. Asked after the engine, because an engine that reserves its pool up front leaves
 *       CUDA reporting almost nothing free.</li>
 * </ol>
 * None known: {@link Optional#empty()}, and the rows stay on the host.
 */
public final class DeviceMemory {

    /** A declared budget in bytes for device-resident training rows. */
    public static final String PROPERTY = "lottery.device.memory";

    /** The share of the queried memory the rows may take (the rest: the head, its momentum, batches, other models). */
    public static final String FRACTION_PROPERTY = "lottery.device.fraction";

    static final double DEFAULT_FRACTION = 0.8;

    private DeviceMemory() {}

    /** What the rows may use, in bytes, and how it was found (for the note a run prints). */
    public record Budget(long bytes, String source) {
        public Budget {
            if (bytes < 0) {
                throw new IllegalArgumentException("a budget of " + bytes + " bytes");
            }
        }
    }

    /** The budget for rows on {@code manager}'s device (a GPU; for the CPU there is none to find). */
    public static Optional<Budget> budget(NDManager manager) {
        String declared = System.getProperty(PROPERTY);
        if (declared != null && !declared.isBlank()) {
            return Optional.of(new Budget(parseBytes(declared), "declared by -D" + PROPERTY + "=" + declared.trim()));
        }
        double fraction = fraction();
        OptionalLong engine = Engines.deviceMemoryLimit(manager);
        if (engine.isPresent() && engine.getAsLong() > 0) {
            return Optional.of(new Budget((long) (fraction * engine.getAsLong()),
                    fraction + " x the engine's memory limit for " + manager.getDevice() + " (" + gib(engine.getAsLong()) + ")"));
        }
        OptionalLong cuda = cudaFree(manager.getDevice());
        if (cuda.isPresent()) {
            return Optional.of(new Budget((long) (fraction * cuda.getAsLong()),
                    fraction + " x CUDA's free memory on " + manager.getDevice() + " (" + gib(cuda.getAsLong()) + ")"));
        }
        return Optional.empty();
    }

    /** {@value #FRACTION_PROPERTY}, in (0, 1]. */
    static double fraction() {
        String s = System.getProperty(FRACTION_PROPERTY);
        if (s == null || s.isBlank()) {
            return DEFAULT_FRACTION;
        }
        double f;
        try {
            f = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            f = Double.NaN;
        }
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException(FRACTION_PROPERTY + " must be a number in (0, 1], got '" + s + "'");
        }
        return f;
    }

    /** Free bytes on a GPU as CUDA reports them, when the CUDA runtime library can be loaded. */
    static OptionalLong cudaFree(Device device) {
        if (!device.isGpu()) {
            return OptionalLong.empty();
        }
        try {
            MemoryUsage m = CudaUtils.getGpuMemory(device);
            return m.getMax() > 0 ? OptionalLong.of(m.getMax() - m.getUsed()) : OptionalLong.empty();
        } catch (RuntimeException | LinkageError e) {
            return OptionalLong.empty(); // no libcudart for DJL to load: say "unknown", not fail
        }
    }

    /** {@code 123}, {@code 64k}, {@code 512m}, {@code 40g}, {@code 1t} (binary units) to bytes. */
    static long parseBytes(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(digits);
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a size such as 40g, 512m or a byte count; got '" + s + "'");
        }
    }

    /** A size for a message: GiB from 1 GiB up, else MiB. */
    static String gib(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
