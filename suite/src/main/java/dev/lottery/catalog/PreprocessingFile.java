package dev.lottery.catalog;

import dev.lottery.data.Preprocessing;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code suite/catalog/preprocessing.csv}: the declared test-time preprocessing by id. */
final class PreprocessingFile {

    private PreprocessingFile() {}

    static Map<String, Preprocessing> read(Path file, List<String> problems) {
        Map<String, Preprocessing> out = new LinkedHashMap<>();
        List<String> cols = List.of("id", "resize_shorter", "crop", "interpolation", "mean", "std", "channels",
                "source");
        for (DeclarationFile.Row row : DeclarationFile.read(file, cols, problems)) {
            int before = problems.size();
            String id = row.get("id");
            int resize = row.integer("resize_shorter");
            int crop = row.integer("crop");
            String interpolation = row.get("interpolation");
            float[] mean = Cells.floats(row.get("mean"), row, "mean", problems);
            float[] std = Cells.floats(row.get("std"), row, "std", problems);
            int channels = row.integer("channels");
            row.get("source");
            if (!interpolation.equals("bilinear") && !interpolation.equals("bicubic")) {
                problems.add(row.where() + ": interpolation must be bilinear or bicubic, found '" + interpolation + "'");
            }
            if (channels != 1 && channels != 3) {
                problems.add(row.where() + ": channels must be 1 or 3, found " + channels);
            } else if (mean.length != channels || std.length != channels) {
                problems.add(row.where() + ": mean and std need " + channels + " value(s) each, found " + mean.length
                        + " and " + std.length);
            }
            for (float s : std) {
                if (!(s > 0)) {
                    problems.add(row.where() + ": std values must be positive, found " + s);
                }
            }
            if (problems.size() == before && out.put(id,
                    new Preprocessing(id, resize, crop, interpolation, mean, std, channels)) != null) {
                problems.add(row.where() + ": preprocessing '" + id + "' is declared twice");
            }
        }
        return out;
    }
}
