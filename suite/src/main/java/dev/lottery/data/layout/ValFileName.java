package dev.lottery.data.layout;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The number k of {@code ILSVRC2012_val_%08d.<ext>} (the file the k-th ground-truth line and real.json entry label). */
final class ValFileName {
    private static final Pattern NAME = Pattern.compile("ILSVRC2012_val_(\\d{8})(\\.[A-Za-z]+)?");

    private ValFileName() {}

    /** The image number (1-based), or -1 when the name is not a val image's. */
    static int number(String fileName) {
        Matcher m = NAME.matcher(fileName);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
