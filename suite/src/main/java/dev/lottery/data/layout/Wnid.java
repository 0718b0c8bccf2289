package dev.lottery.data.layout;

import java.util.regex.Pattern;

/** WordNet ids as ImageNet spells them: {@code n} and eight digits. */
final class Wnid {
    private static final Pattern WNID = Pattern.compile("n\\d{8}");

    private Wnid() {}

    static boolean is(String s) {
        return WNID.matcher(s).matches();
    }
}
