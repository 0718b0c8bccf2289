package dev.lottery.data.layout;

import dev.lottery.data.BadSample;
import dev.lottery.data.BadSamples;
import dev.lottery.data.SampleSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What one look at a split on disk found: as much of it as can be read, so a partial copy is
 * looked at too and its difference from the declaration kept. Nothing is decoded.
 *
 * @param count       samples with labels
 * @param unlabelled  files of the split that could not be labelled (the listing's bad samples)
 * @param classes     distinct labels among the samples
 * @param fingerprint the quick fingerprint (relative paths and sizes)
 * @param difference  how the split's class folders differ from the declared ones, if they do
 */
public record SplitLook(SampleSource source, int count, List<BadSample> unlabelled, int classes, String fingerprint,
        Optional<ClassFolderDifference> difference) {

    public SplitLook {
        unlabelled = List.copyOf(unlabelled);
    }

    /** One pass over the split's listing (no image is read). */
    public static SplitLook of(SplitSpec spec) throws IOException {
        Opened opened = Datasets.openReadable(spec);
        SampleSource s = opened.source();
        TreeSet<Integer> classes = new TreeSet<>();
        BadSamples listing = new BadSamples();
        int[] n = {0};
        s.forEach(sample -> {
            n[0]++;
            for (int l : sample.labels()) {
                classes.add(l);
            }
        }, listing);
        return new SplitLook(s, n[0], listing.list(), classes.size(), s.quickFingerprint(), opened.difference());
    }

    /** Every file the split has, labelled or not: what a declared count counts. */
    public int seen() {
        return count + unlabelled.size();
    }

    /** The split is as declared: its class folders, and its file count when one is declared ({@code > 0}). */
    public boolean matches(int declaredCount) {
        return difference.isEmpty() && (declaredCount <= 0 || seen() == declaredCount);
    }

    /** "N samples (k unlabelled), as declared" or "..., but {@code declaredBy} declares M". */
    public String countLine(int declaredCount, String declaredBy) {
        int unlabelledCount = unlabelled.size();
        return seen() + " samples" + (unlabelledCount > 0 ? " (" + unlabelledCount + " unlabelled)" : "")
                + (declaredCount > 0 ? (seen() == declaredCount ? ", as declared"
                        : ", but " + declaredBy + " declares " + declaredCount) : "");
    }

    /** The unlabelled files and {@code undecodable} together, sorted by key. */
    public List<BadSample> badFiles(List<BadSample> undecodable) {
        List<BadSample> all = new ArrayList<>(unlabelled);
        all.addAll(undecodable);
        all.sort(Comparator.comparing(BadSample::key));
        return all;
    }
}
