package dev.lottery.data.layout;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Per-image labels of the flat val layouts, keyed by image number, as sorted 1000-class indices. */
final class ValLabels {
    static final String DEVKIT_FILE = "ILSVRC2012_validation_ground_truth.txt";
    static final String KAGGLE_FILE = "LOC_val_solution.csv";

    private ValLabels() {}

    /** Line k holds the devkit ILSVRC2012_ID of image k; IDs go through the ID map to sorted indices. */
    static Map<Integer, Integer> devkit(Path file, ImagenetClasses imagenet) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        Map<Integer, Integer> out = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            if (t.isEmpty() && i == lines.size() - 1) {
                break;
            }
            int id;
            try {
                id = Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": expected an ILSVRC2012_ID (1..1000), found '" + t + "'");
            }
            int index = imagenet.indexOfDevkitId(id);
            if (index < 0) {
                throw new IOException(file + ":" + (i + 1) + ": expected an ILSVRC2012_ID in 1..1000, found " + id);
            }
            out.put(i + 1, index);
        }
        return out;
    }

    /** {@code ImageId,PredictionString}: the first token of PredictionString is the wnid; rows keyed by ImageId. */
    static Map<Integer, Integer> kaggle(Path file, ImagenetClasses imagenet) throws IOException {
        Map<Integer, Integer> out = new HashMap<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            if (!p.getHeaderNames().containsAll(List.of("ImageId", "PredictionString"))) {
                throw new IOException(file + ": expected header 'ImageId,PredictionString', found " + p.getHeaderNames());
            }
            for (CSVRecord rec : p) {
                String where = file + ":" + (rec.getRecordNumber() + 1);
                int n = ValFileName.number(rec.get("ImageId").strip());
                if (n < 0) {
                    throw new IOException(where + ": expected ImageId ILSVRC2012_val_NNNNNNNN, found '" + rec.get("ImageId") + "'");
                }
                String[] tokens = rec.get("PredictionString").strip().split("\\s+");
                int index = imagenet.indexOf(tokens[0]);
                if (index < 0) {
                    throw new IOException(where + ": expected a wnid as the first PredictionString token, found '"
                            + tokens[0] + "'");
                }
                if (out.put(n, index) != null) {
                    throw new IOException(where + ": image " + rec.get("ImageId") + " is listed twice");
                }
            }
        }
        return out;
    }

    /** The label file in {@code root} or up to {@code levels} folders above it (Kaggle keeps it 4 levels up), or null. */
    static Path find(Path root, String name, int levels) {
        Path dir = root.toAbsolutePath().normalize();
        for (int i = 0; i <= levels && dir != null; i++, dir = dir.getParent()) {
            for (Path candidate : List.of(dir.resolve(name), dir.resolve("ILSVRC2012_devkit_t12/data").resolve(name))) {
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
