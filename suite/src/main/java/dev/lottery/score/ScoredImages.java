package dev.lottery.score;

/** A head's score on a variant and, image by image, what it got right (the input of the paired tests). */
public record ScoredImages(Score score, Correctness correctness) {}
