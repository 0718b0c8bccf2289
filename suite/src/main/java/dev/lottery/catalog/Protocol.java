package dev.lottery.catalog;

import java.util.List;

/**
 * How a fixture's head sees the training split (issue 13): a declared value of every fixture, part of
 * its head's cache key and of every report.
 *
 * <ul>
 *   <li>{@code center}: the features of the split under the test-time preprocessing, extracted once and
 *       cached; every epoch sees the same rows (fast; the pocket default);
 *   <li>{@code views-K}: K augmented views of every training image (the routine's train transform, seeded
 *       by the view index and the image's position, independent of the head seed), their features
 *       extracted once and cached; each epoch takes one view per image, chosen by the head seed;
 *   <li>{@code augmented}: the official protocol: a fresh augmentation of every image in every epoch (seeded
 *       by the head seed, the epoch and the image's position), the frozen backbone run on it each epoch;
 *       no cached training features.
 * </ul>
 *
 * @param views K for {@code views-K}, 0 otherwise
 */
public record Protocol(Kind kind, int views) {

    public enum Kind { CENTER, VIEWS, AUGMENTED }

    public static final Protocol CENTER = new Protocol(Kind.CENTER, 0);
    /** The seed views-K draws its views with: views are a property of the data, shared by every head seed. */
    public static final long VIEW_SEED = 0;
    public static final Protocol AUGMENTED = new Protocol(Kind.AUGMENTED, 0);

    public Protocol {
        if ((kind == Kind.VIEWS) != (views > 0) || views < 0) {
            throw new IllegalArgumentException("views-K needs K >= 1 and only views-K has views, found " + kind
                    + " with " + views);
        }
    }

    public static Protocol views(int k) {
        return new Protocol(Kind.VIEWS, k);
    }

    /** {@code center}, {@code augmented} or {@code views-K} (K >= 1); throws naming the forms otherwise. */
    public static Protocol parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("center")) {
            return CENTER;
        }
        if (t.equals("augmented")) {
            return AUGMENTED;
        }
        if (t.startsWith("views-")) {
            try {
                int k = Integer.parseInt(t.substring("views-".length()));
                if (k >= 1) {
                    return views(k);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + t + "'; expected one of " + FORMS);
    }

    static final List<String> FORMS = List.of("center", "views-K (K >= 1)", "augmented");

    /** The declaration notation, also the suffix of a non-center fixture's row ({@code zoo-dino@views-2}). */
    public String id() {
        return switch (kind) {
            case CENTER -> "center";
            case VIEWS -> "views-" + views;
            case AUGMENTED -> "augmented";
        };
    }

    public boolean isCenter() {
        return kind == Kind.CENTER;
    }

    /**
     * The row a framework's fixtures under this protocol are reported as: the framework's id for
     * {@code center} (so a suite without protocols reads as before), {@code id@protocol} otherwise.
     */
    public String row(String frameworkId) {
        return isCenter() ? frameworkId : frameworkId + "@" + id();
    }

    @Override
    public String toString() {
        return id();
    }
}
