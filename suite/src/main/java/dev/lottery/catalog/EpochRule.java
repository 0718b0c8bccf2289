package dev.lottery.catalog;

/**
 * Which epoch's head a fixture reports (PROTOCOLS.md section 3, "best epoch on val" trap). {@code last}
 * (the default) reports the head training ends with. {@code best-val} is the upstream rule most official
 * scripts use (swav eval_linear.py, dino eval_linear.py, ...): after each epoch the head is scored on the
 * suite's reference variant and the best one (the earliest on a tie) is reported; it selects on the test
 * set, so it is optimistic, and every report that uses it says so. The per-epoch reference accuracies are
 * kept in the results.
 */
public enum EpochRule {
    LAST("last"),
    BEST_VAL("best-val");

    private final String id;

    EpochRule(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static EpochRule parse(String text) {
        for (EpochRule r : values()) {
            if (r.id.equals(text.strip())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown epoch rule '" + text + "'; expected last or best-val");
    }

    /** How a report names it. */
    public String label() {
        return this == LAST ? "last epoch" : "best epoch on the reference variant (upstream rule; selects on the test set)";
    }
}
