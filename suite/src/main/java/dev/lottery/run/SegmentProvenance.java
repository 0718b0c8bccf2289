package dev.lottery.run;

import dev.lottery.features.Provenance;

/** One resumable segment of a split's features: positions [index*size, (index+1)*size) of that extraction. */
public record SegmentProvenance(FeaturesProvenance features, int index, int size) implements Provenance {

    @Override
    public String kind() {
        return Segmented.KIND;
    }
}
