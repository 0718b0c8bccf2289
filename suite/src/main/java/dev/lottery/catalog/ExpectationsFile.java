package dev.lottery.catalog;

import dev.lottery.analysis.NoiseModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code expected-results/<suite>.csv}: one expected value and noise model per fixture. */
final class ExpectationsFile {

    private ExpectationsFile() {}

    static final String RECORD_ONLY = "record-only";

    /**
     * Columns {@code framework, variant, metric, expected, source} and the noise model
     * ({@link NoiseModel}): {@code sd_seed, seed_df, ref_se, sd_numeric} (optional, 0 when absent) and
     * {@code allowance} (a declared systematic band; the older name {@code tolerance} reads as the same).
     */
    static List<Expectation> read(Path file, List<String> problems) {
        List<Expectation> out = new ArrayList<>();
        List<String> cols = List.of("framework", "variant", "metric", "expected", "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            String expectedText = row.get("expected");
            Double expected = null;
            NoiseModel noise = NoiseModel.band(0);
            if (!expectedText.equals(RECORD_ONLY)) {
                try {
                    expected = Double.parseDouble(expectedText);
                } catch (NumberFormatException e) {
                    problems.add(row.where() + ": expected must be a number (percent) or '" + RECORD_ONLY + "', found '"
                            + expectedText + "'");
                }
                try {
                    String allowance = !row.optional("allowance").isEmpty() ? "allowance" : "tolerance";
                    noise = new NoiseModel(Cells.number(row, "sd_seed"), (int) Cells.number(row, "seed_df"), Cells.number(row, "ref_se"),
                            Cells.number(row, "sd_numeric"), Cells.number(row, allowance));
                } catch (IllegalArgumentException e) {
                    problems.add(row.where() + ": " + e.getMessage());
                }
                if (!noise.calibrated() && noise.allowance() == 0) {
                    problems.add(row.where() + ": an expected value needs a noise model (sd_seed, ref_se, sd_numeric) "
                            + "or an allowance > 0; with neither, any difference fails");
                }
            }
            Protocol protocol = Protocol.CENTER;
            if (!row.optional("protocol").isEmpty()) {
                try {
                    protocol = Protocol.parse(row.optional("protocol"));
                } catch (IllegalArgumentException e) {
                    problems.add(row.where() + ": column 'protocol': " + e.getMessage());
                }
            }
            out.add(new Expectation(row.get("framework"), row.get("variant"), protocol, row.get("metric"), expected,
                    noise, row.get("source"), row.where()));
        }
        return out;
    }
}
