package dev.lottery.analysis;

/**
 * A "lottery" finding: on the reference variant {@code better} beats {@code worse} by
 * {@code valMargin} percentage points (more than 0, less than the declared margin), yet on
 * {@code variant} {@code worse} beats {@code better} by {@code variantMargin} points (more than 0).
 */
public record LotteryPair(String better, String worse, double valMargin, String variant, double variantMargin) {
}
