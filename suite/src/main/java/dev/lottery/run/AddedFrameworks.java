package dev.lottery.run;

import dev.lottery.backbone.checkpoint.KeyMapDetector;
import dev.lottery.backbone.checkpoint.Checkpoints;
import dev.lottery.backbone.checkpoint.KeyMap;
import dev.lottery.backbone.checkpoint.KeyMaps;
import dev.lottery.catalog.BackboneKind;
import dev.lottery.catalog.Framework;
import dev.lottery.catalog.Suite;
import dev.lottery.catalog.Where;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A user's own checkpoints added to a suite ({@code run --add NAME=FILE[,keymap=K][,prefix=P][,routine=R]
 * [,preprocess=P][,width=W]}): each becomes a record-only framework of the group {@code added}. Defaults: the
 * key map detected ({@link KeyMapDetector}) when unambiguous, the suite's most common routine and
 * preprocessing, the width the checkpoint's conv1 has. The file's digest is taken when the run starts, like
 * any checkpoint's, and reported.
 */
public final class AddedFrameworks {

    /** The framework group of added models (reports mark them by it). */
    public static final String GROUP = "added";

    private AddedFrameworks() {}

    /** One parsed --add value. Null fields were not given. */
    public record Spec(String name, Path file, String keymap, String prefix, String routine, String preprocess,
            Integer width, String text) {

        public static Spec parse(String text, Path workingDir) {
            String[] parts = text.split(",");
            int eq = parts[0].indexOf('=');
            if (eq <= 0 || eq == parts[0].length() - 1) {
                throw new IllegalArgumentException("--add " + text + ": expected NAME=FILE[,keymap=K][,prefix=P]"
                        + "[,routine=R][,preprocess=P][,width=W]");
            }
            String name = parts[0].substring(0, eq).trim();
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new IllegalArgumentException("--add " + text + ": the name '" + name + "' must be letters, digits,"
                        + " '.', '_' or '-'");
            }
            Path file = workingDir.resolve(parts[0].substring(eq + 1).trim()).toAbsolutePath().normalize();
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2 || !List.of("keymap", "prefix", "routine", "preprocess", "width").contains(kv[0].trim())) {
                    throw new IllegalArgumentException("--add " + text + ": unknown option '" + parts[i]
                            + "'; expected keymap=, prefix=, routine=, preprocess= or width=");
                }
                o.put(kv[0].trim(), kv[1].trim());
            }
            Integer width = null;
            if (o.containsKey("width")) {
                try {
                    width = Integer.parseInt(o.get("width"));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--add " + text + ": width must be an integer, found '"
                            + o.get("width") + "'");
                }
            }
            return new Spec(name, file, o.get("keymap"), o.get("prefix"), o.get("routine"), o.get("preprocess"), width,
                    text);
        }
    }

    /** The suite with every spec added; checks each file and reads its layout before any work. */
    public static Suite addTo(Suite suite, List<Spec> specs) {
        List<Framework> added = new ArrayList<>();
        for (Spec s : specs) {
            added.add(declare(suite, s));
        }
        return suite.withAdded(added);
    }

    static Framework declare(Suite suite, Spec s) {
        if (!Files.exists(s.file())) {
            throw new IllegalArgumentException("--add " + s.text() + ": " + s.file() + " does not exist");
        }
        String keymap = s.keymap();
        String how;
        KeyMap.Mapped mapped;
        if (s.prefix() != null || keymap != null) {
            keymap = s.prefix() == null ? keymap : (keymap != null ? keymap : KeyMaps.SSL) + KeyMaps.AT + s.prefix();
            how = "keymap " + keymap + " (given)";
            // strict load now: a layout that does not fit fails here, naming the keys, before any extraction
            mapped = Checkpoints.load(s.file(), keymap);
        } else {
            KeyMapDetector.Detected d = KeyMapDetector.detect(s.file()); // reads the file once, strictly
            keymap = d.keymap();
            mapped = d.mapped();
            how = "keymap " + keymap + " (detected" + (d.equivalent().isEmpty() ? "" : "; " + d.equivalent()
                    + " read it the same way") + ")";
        }
        var spec = Checkpoints.resnet50Like(mapped);
        int width = s.width() != null ? s.width() : spec.baseWidth();
        String routine = s.routine() != null ? s.routine() : mostCommon(suite, Framework::routine);
        if (!suite.routines().containsKey(routine)) {
            throw new IllegalArgumentException("--add " + s.text() + ": unknown routine '" + routine + "'; known: "
                    + suite.routines().keySet());
        }
        String prep = s.preprocess() != null ? s.preprocess() : mostCommon(suite, Framework::preprocessing);
        if (!suite.preprocessing().containsKey(prep)) {
            throw new IllegalArgumentException("--add " + s.text() + ": unknown preprocessing '" + prep + "'; known: "
                    + suite.preprocessing().keySet());
        }
        String note = s.file() + ", " + how + ", routine " + routine + ", preprocessing " + prep + ", width " + width;
        return Framework.builder(s.name()).name(s.name() + " (added)").group(GROUP).backbone(BackboneKind.CHECKPOINT)
                .width(width).checkpoint(s.file().toString(), "").keymap(keymap).preprocessing(prep).routine(routine)
                .note(note).where(new Where(Path.of("--add " + s.text()), 0)).build();
    }

    /** The suite's most common value (ties: the first declared), over its trained frameworks. */
    private static String mostCommon(Suite suite, Function<Framework, String> of) {
        Map<String, Long> counts = suite.frameworks().stream().filter(f -> suite.routineOf(f) != null)
                .collect(Collectors.groupingBy(of, LinkedHashMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).orElseThrow().getKey();
    }
}
