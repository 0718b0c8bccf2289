package dev.lottery.probe;

import java.util.Optional;

/**
 * Which {@link FeaturePlacement} trains a head, and why: the fits/doesn't-fit rule, kept apart from
 * the device so it can be tested on any machine.
 *
 * @param placement   never {@link FeaturePlacement#AUTO}
 * @param neededBytes the rows and labels on the device: {@code rows x dim x 4 + rows x 4}
 * @param budget      what the device may hold for them, when known
 * @param reason      one line for the run's output
 */
public record PlacementDecision(FeaturePlacement placement, long neededBytes, Optional<DeviceMemory.Budget> budget,
        String reason) {

    public PlacementDecision {
        if (placement == FeaturePlacement.AUTO) {
            throw new IllegalArgumentException("a decision names a placement, not auto");
        }
    }

    /** Device bytes of {@code rows x dim} float32 features and their int32 labels. */
    public static long neededBytes(int rows, int dim) {
        return Math.addExact(Math.multiplyExact(Math.multiplyExact((long) rows, dim), Float.BYTES),
                (long) rows * Integer.BYTES);
    }

    /**
     * The rule: a forced placement is kept; {@code auto} on the CPU is {@link FeaturePlacement#HOST}
     * (the rows are in host memory already); on a GPU it is {@link FeaturePlacement#DEVICE} when
     * {@code neededBytes <= budget}, else {@link FeaturePlacement#PREFETCH}, which is also the answer
     * when the budget is unknown.
     *
     * @param budget only asked for {@code auto} on a GPU
     */
    public static PlacementDecision decide(FeaturePlacement requested, boolean gpu, long neededBytes,
            java.util.function.Supplier<Optional<DeviceMemory.Budget>> budget) {
        String need = DeviceMemory.gib(neededBytes) + " of training rows";
        if (requested != FeaturePlacement.AUTO) {
            return new PlacementDecision(requested, neededBytes, Optional.empty(),
                    need + " " + describe(requested) + " (" + FeaturePlacement.PROPERTY + "=" + requested.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        if (!gpu) {
            return new PlacementDecision(FeaturePlacement.HOST, neededBytes, Optional.empty(), need + " gathered on the host (CPU device)");
        }
        Optional<DeviceMemory.Budget> b = budget.get();
        if (b.isEmpty()) {
            return new PlacementDecision(FeaturePlacement.PREFETCH, neededBytes, b, need
                    + " gathered on the host, next batch uploaded during each step: the device's memory could not be queried"
                    + " (declare a budget with -D" + DeviceMemory.PROPERTY + "=60g to keep them on the device)");
        }
        if (neededBytes <= b.get().bytes()) {
            return new PlacementDecision(FeaturePlacement.DEVICE, neededBytes, b, need + " on the device, batches gathered there"
                    + " (budget " + DeviceMemory.gib(b.get().bytes()) + ": " + b.get().source() + ")");
        }
        return new PlacementDecision(FeaturePlacement.PREFETCH, neededBytes, b, need
                + " gathered on the host, next batch uploaded during each step: more than the budget of "
                + DeviceMemory.gib(b.get().bytes()) + " (" + b.get().source() + ")");
    }

    private static String describe(FeaturePlacement p) {
        return switch (p) {
            case HOST -> "gathered on the host";
            case PREFETCH -> "gathered on the host, next batch uploaded during each step";
            case DEVICE -> "on the device, batches gathered there";
            case AUTO -> "auto";
        };
    }
}
