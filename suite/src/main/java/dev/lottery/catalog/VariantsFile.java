package dev.lottery.catalog;

import dev.lottery.score.ScoringRule;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a dataset family's {@code variants.csv}: its splits, their layout, counts and scoring rules. */
final class VariantsFile {

    private VariantsFile() {}

    static Map<String, Variant> read(Path file, List<String> problems) {
        Map<String, Variant> out = new LinkedHashMap<>();
        List<String> cols = List.of("variant", "dir", "expected_count", "class_subset", "scoring", "description");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("variant");
            String rootText = row.optional("root");
            boolean underDataRoot = rootText.equals("data-root");
            if (!rootText.isEmpty() && !underDataRoot) {
                problems.add(row.where() + ": column 'root' must be empty or 'data-root', found '" + rootText + "'");
            }
            // ImageNet rows name a sub-path of the data root; repository datasets resolve against this file's folder
            Path dir = underDataRoot ? Path.of(row.get("dir")).normalize()
                    : file.getParent().resolve(row.get("dir")).normalize();
            String layout = row.optional("layout").isEmpty() ? "auto" : row.optional("layout");
            try {
                dev.lottery.data.layout.Layout.of(layout);
            } catch (IllegalArgumentException e) {
                problems.add(row.where() + ": column 'layout': " + e.getMessage());
            }
            String labels = row.optional("labels").isEmpty() ? "folder" : row.optional("labels");
            if (!labels.equals("folder") && !labels.equals("real")) {
                problems.add(row.where() + ": column 'labels' must be folder or real, found '" + labels + "'");
            }
            int count = row.integer("expected_count");
            String scoringText = row.optional("scoring");
            String subset = row.optional("class_subset");
            ScoringRule rule = null;
            if (scoringText.isEmpty()) {
                problems.add(row.where() + ": variant '" + id
                        + "' has no scoring rule; expected top1, real, subset, restricted or none");
            } else if (!scoringText.equals("none")) {
                // the subset and restricted rules take their classes from the class_subset column
                String notation = scoringText.equals("subset") || scoringText.equals("restricted")
                        ? scoringText + ":" + subset : scoringText;
                try {
                    rule = ScoringRule.parse(notation, row.where().toString());
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
            if (problems.size() == before && out.put(id,
                    new Variant(id, dir, count, rule, row.optional("description"), row.where(), layout, labels,
                            underDataRoot, row.optional("source_url"), row.optional("licence"))) != null) {
                problems.add(row.where() + ": variant '" + id + "' is declared twice");
            }
        }
        return out;
    }
}
