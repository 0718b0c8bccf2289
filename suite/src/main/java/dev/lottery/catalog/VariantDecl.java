package dev.lottery.catalog;

import dev.lottery.score.ScoringRule;
import java.nio.file.Path;

/**
 * One evaluation (or training) split of a dataset family: where its shards are, how many samples
 * the declaration promises, and the rule that scores it. {@code scoring} is null for a training split.
 */
public record VariantDecl(
        String id, Path dir, int expectedCount, ScoringRule scoring, String description, Where where) {

    public boolean isScored() {
        return scoring != null;
    }

    /** The metric name expectations use for this variant's rule. */
    public String metric() {
        if (scoring == null) {
            return "none";
        }
        if (scoring instanceof ScoringRule.LabelSets) {
            return "real-top1";
        }
        return scoring instanceof ScoringRule.ClassSubset ? "subset-top1" : "top1";
    }
}
