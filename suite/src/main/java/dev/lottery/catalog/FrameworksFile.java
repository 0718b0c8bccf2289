package dev.lottery.catalog;

import dev.lottery.backbone.Padding;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads {@code suite/catalog/frameworks.csv}: the declared frameworks by id. */
final class FrameworksFile {

    private FrameworksFile() {}

    /**
     * Frameworks by id. {@code routines} and {@code preprocessing} are the declared ids a row may name; a row
     * with any problem is reported at its line and left out.
     */
    static Map<String, Framework> read(Path file, Set<String> routines, Set<String> preprocessing,
            List<String> problems) {
        Map<String, Framework> out = new LinkedHashMap<>();
        List<String> cols = List.of("id", "name", "group", "backbone", "width", "init_seed", "checkpoint_url", "sha256",
                "keymap", "preprocessing", "routine", "note");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            String kindText = row.get("backbone");
            BackboneKind kind = BackboneKind.parse(kindText);
            if (kind == null && !kindText.isEmpty()) {
                problems.add(row.where() + ": unknown backbone '" + kindText
                        + "'; expected pixels, random-resnet or checkpoint");
            }
            Framework.Builder b = Framework.builder(id).name(row.get("name")).group(row.get("group")).backbone(kind)
                    .checkpoint(row.optional("checkpoint_url"), row.optional("sha256")).keymap(row.optional("keymap"))
                    .preprocessing(row.get("preprocessing")).routine(row.get("routine")).note(row.optional("note"))
                    .where(row.where());
            if (kind == BackboneKind.RANDOM_RESNET || kind == BackboneKind.CHECKPOINT) {
                b.width(row.integer("width"));
            }
            if (kind == BackboneKind.RANDOM_RESNET) {
                b.initSeed(row.integer("init_seed"));
            }
            String padding = row.optional("padding");
            if (!padding.isEmpty() && Padding.of(padding) == null) {
                problems.add(row.where() + ": column 'padding' must be empty (the checkpoint's own) or one of "
                        + Padding.ids() + ", found '" + padding + "'");
            }
            b.padding(Padding.of(padding));
            if (problems.size() > before || kind == null) {
                continue; // a cell that does not parse: its row says so, the declaration as a whole is not judged
            }
            Framework f = b.buildUnchecked();
            f.problems().forEach(p -> problems.add(row.where() + ": " + p));
            if (!f.routine().isEmpty() && !f.routine().equals(Catalog.PRETRAINED) && !routines.contains(f.routine())) {
                problems.add(row.where() + ": unknown routine '" + f.routine() + "'; declared routines: " + routines);
            }
            if (!f.preprocessing().isEmpty() && !preprocessing.contains(f.preprocessing())) {
                problems.add(row.where() + ": unknown preprocessing '" + f.preprocessing() + "'; declared: "
                        + preprocessing);
            }
            if (problems.size() == before && out.put(id, f) != null) {
                problems.add(row.where() + ": framework '" + id + "' is declared twice");
            }
        }
        return out;
    }
}
