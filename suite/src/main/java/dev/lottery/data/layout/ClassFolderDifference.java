package dev.lottery.data.layout;

import java.util.List;

/**
 * How a split's class folders differ from its declaration: some declared folders missing (a partial
 * copy), some folders not declared. Opened partially, the split serves the declared folders it has
 * and skips the others; the difference is what a report must say about it.
 *
 * @param found      declared class folders present (the ones read)
 * @param declared   class folders the declaration expects
 * @param missing    declared folders not found, sorted by class index
 * @param unexpected folders present but not declared (skipped), sorted by name
 */
public record ClassFolderDifference(int found, int declared, List<String> missing, List<String> unexpected) {
    private static final int SHOWN = 20;

    public ClassFolderDifference {
        missing = List.copyOf(missing);
        unexpected = List.copyOf(unexpected);
    }

    /**
     * e.g. {@code partial: 5 of 1000 class folders (missing 995: n01443537, ...)}: a line for a report
     * (unexpected folders are listed too; they are never read).
     */
    public String summary() {
        StringBuilder sb = new StringBuilder(missing.isEmpty() ? "all " + declared + " class folders"
                : "partial: " + found + " of " + declared + " class folders");
        sb.append(details(" ("));
        return sb.append(missing.isEmpty() && unexpected.isEmpty() ? "" : ")").toString();
    }

    /** The differing folders, as a failed strict open names them. */
    String details(String prefix) {
        StringBuilder sb = new StringBuilder();
        String sep = prefix;
        if (!missing.isEmpty()) {
            sb.append(sep).append("missing ").append(missing.size()).append(": ").append(shown(missing));
            sep = "; ";
        }
        if (!unexpected.isEmpty()) {
            sb.append(sep).append("unexpected ").append(unexpected.size()).append(": ").append(shown(unexpected));
        }
        return sb.toString();
    }

    private static String shown(List<String> names) {
        return String.join(", ", names.subList(0, Math.min(SHOWN, names.size()))) + (names.size() > SHOWN ? ", ..." : "");
    }
}
