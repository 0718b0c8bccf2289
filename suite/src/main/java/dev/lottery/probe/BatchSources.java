package dev.lottery.probe;

import ai.djl.ndarray.NDManager;
import dev.lottery.features.FeatureRows;

/** Opens the {@link BatchSource} a {@link PlacementDecision} names, on a probe's manager. */
final class BatchSources {

    private BatchSources() {}

    /** The decision for training {@code x} on {@code manager}'s device with the placement asked for. */
    static PlacementDecision decide(NDManager manager, FeatureRows x, FeaturePlacement requested) {
        return PlacementDecision.decide(requested, manager.getDevice().isGpu(),
                PlacementDecision.neededBytes(x.rows(), x.cols()), () -> DeviceMemory.budget(manager));
    }

    /** @param biasColumn host batches with each row followed by a 1 ({@link ProbeStep#biasColumn()}); device rows never */
    static BatchSource open(PlacementDecision d, NDManager manager, FeatureRows x, int[] labels, int batch,
            boolean biasColumn) {
        return switch (d.placement()) {
            case HOST -> new HostBatchSource(manager, x, labels, batch, biasColumn);
            case PREFETCH -> new PrefetchedBatches(manager, x, labels, batch, biasColumn);
            case DEVICE -> new DeviceBatches(manager, x, labels, batch, Engines.rowGather());
            case AUTO -> throw new IllegalArgumentException("decide the placement first");
        };
    }
}
