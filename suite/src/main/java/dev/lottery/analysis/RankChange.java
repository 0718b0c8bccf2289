package dev.lottery.analysis;

/**
 * How one framework's rank moves from the reference variant to another, like timm's
 * {@code rank_diff}: {@code change = referenceRank - variantRank}, positive = moved up.
 * Ranks are 1 = best with averaged ties, so they (and the change) can be halves. All three are
 * {@code NaN} when the framework lacks a score on either variant.
 */
public record RankChange(String framework, String variant, double referenceRank, double variantRank, double change) {
}
