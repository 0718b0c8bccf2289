package dev.lottery.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** An error and its causes as lines a user can read: what the console prints, and what a failed framework's note says. */
public final class CauseChain {
    private CauseChain() {}

    /**
     * The error's message, then each cause the lines before do not already say ("No space left on
     * device", a truncated archive's EOF), as {@code caused by: Type: message}; a message that is
     * missing is replaced by the type's name.
     */
    public static List<String> lines(Throwable ex) {
        List<String> lines = new ArrayList<>();
        String said = "";
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = ex; t != null && seen.add(t); t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && said.contains(message)) {
                continue;
            }
            String line = t == ex && message != null && !message.isBlank() ? message
                    : (t == ex ? "" : "caused by: ") + t.getClass().getSimpleName()
                            + (message == null || message.isBlank() ? "" : ": " + message);
            lines.add(line);
            said += "\n" + line;
        }
        return lines;
    }

    /** {@link #lines} joined into one line ("; " between). */
    public static String oneLine(Throwable ex) {
        return String.join("; ", lines(ex));
    }
}
