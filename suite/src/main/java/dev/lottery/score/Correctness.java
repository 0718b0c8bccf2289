package dev.lottery.score;

import java.util.Arrays;

/**
 * Which of a split's scored images one head got right: bit {@code i} is image {@code i} of the
 * scored images in the split's fixed order (excluded images take no bit), 1 = correct. Packed
 * 64 to a long, so a 50,000-image split is 782 longs and a paired count is a few hundred
 * {@code bitCount}s.
 */
public record Correctness(int images, long[] words) {

    public Correctness {
        if (images < 0 || words == null || words.length != wordsFor(images)) {
            throw new IllegalArgumentException("expected " + wordsFor(Math.max(0, images)) + " words for " + images
                    + " images, found " + (words == null ? "none" : words.length));
        }
        words = words.clone();
        if (images % 64 != 0 && words.length > 0 && (words[words.length - 1] >>> (images % 64)) != 0) {
            throw new IllegalArgumentException("bits set beyond image " + (images - 1));
        }
    }

    static int wordsFor(int images) {
        return (images + 63) >>> 6;
    }

    /** From one boolean per image (tests and small examples). */
    public static Correctness of(boolean... correct) {
        long[] w = new long[wordsFor(correct.length)];
        for (int i = 0; i < correct.length; i++) {
            if (correct[i]) {
                w[i >>> 6] |= 1L << i;
            }
        }
        return new Correctness(correct.length, w);
    }

    /** A copy of the packed bits. */
    @Override
    public long[] words() {
        return words.clone();
    }

    /** The packed bits without a copy, for the counting loops of the paired tests (never to be written). */
    public long[] view() {
        return words;
    }

    public boolean correct(int image) {
        if (image < 0 || image >= images) {
            throw new IndexOutOfBoundsException("image " + image + " of " + images);
        }
        return (words[image >>> 6] & (1L << image)) != 0;
    }

    /** The number of correct images. */
    public long count() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Correctness c && c.images == images && Arrays.equals(c.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * images + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "Correctness[" + count() + " of " + images + "]";
    }
}
