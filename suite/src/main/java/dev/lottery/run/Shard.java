package dev.lottery.run;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One slice of a suite for running on several machines: shard {@code index} of {@code count},
 * 1-based like {@code --shard 2/4}. Whole frameworks are dealt out round-robin in declaration
 * order (framework k, 0-based, goes to shard {@code k mod count + 1}), so each framework's features
 * are extracted on one machine only and every machine sees the same slicing.
 */
public record Shard(int index, int count) {

    private static final Pattern FORM = Pattern.compile("(\\d+)/(\\d+)");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard expects i/n with 1 <= i <= n, found " + index + "/" + count);
        }
    }

    public static Shard parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard expects i/n (e.g. 2/4, 1-based), found '" + text + "'");
        }
        return new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** This shard's frameworks, in declaration order. */
    public List<String> select(List<String> frameworks) {
        if (count > frameworks.size()) {
            throw new IllegalArgumentException("--shard " + this + ": the run has " + frameworks.size()
                    + " frameworks " + frameworks + ", so at most " + frameworks.size()
                    + " shards keep each framework whole on one machine");
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < frameworks.size(); k++) {
            if (k % count == index - 1) {
                out.add(frameworks.get(k));
            }
        }
        return out;
    }

    /** The suffix of a shard's run id, e.g. {@code shard2of4}. */
    public String tag() {
        return "shard" + index + "of" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
