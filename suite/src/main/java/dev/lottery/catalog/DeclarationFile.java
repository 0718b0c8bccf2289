package dev.lottery.catalog;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV declaration file: '#' comment lines, one header line, then rows. Problems are collected
 * into a shared list (so one build reports all of them) rather than thrown one at a time.
 */
final class DeclarationFile {

    /** One row with its location; {@code get} records a problem for a missing or blank required cell. */
    record Row(Where where, Map<String, String> cells, List<String> problems) {
        String get(String column) {
            String v = cells.get(column);
            if (v == null || v.isBlank()) {
                problems.add(where + ": column '" + column + "' is empty; expected a value");
                return "";
            }
            return v.trim();
        }

        String optional(String column) {
            String v = cells.get(column);
            return v == null ? "" : v.trim();
        }

        double number(String column) {
            String v = get(column);
            if (v.isEmpty()) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                problems.add(where + ": column '" + column + "' must be a number, found '" + v + "'");
                return Double.NaN;
            }
        }

        int integer(String column) {
            String v = get(column);
            if (v.isEmpty()) {
                return 0;
            }
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                problems.add(where + ": column '" + column + "' must be an integer, found '" + v + "'");
                return 0;
            }
        }

        boolean bool(String column) {
            String v = get(column);
            if (!v.equals("true") && !v.equals("false")) {
                problems.add(where + ": column '" + column + "' must be true or false, found '" + v + "'");
            }
            return v.equals("true");
        }
    }

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
            .setCommentMarker('#')
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true)
            .get();

    private DeclarationFile() {}

    /** Reads the rows of {@code file}; a missing file or column is a problem naming the file. */
    static List<Row> read(Path file, List<String> requiredColumns, List<String> problems) {
        List<Row> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get()) {
            List<String> header = parser.getHeaderNames();
            List<String> missing = requiredColumns.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                problems.add(file + ": header lacks column(s) " + missing + "; expected " + requiredColumns
                        + ", found " + header);
                return rows;
            }
            for (CSVRecord record : parser) {
                // the parser has consumed the record's line when it hands the record out
                Where where = new Where(file, parser.getCurrentLineNumber());
                if (!record.isConsistent()) {
                    problems.add(where + ": expected " + header.size() + " cells, found " + record.size());
                    continue;
                }
                rows.add(new Row(where, record.toMap(), problems));
            }
        } catch (NoSuchFileException e) {
            problems.add(file + ": declaration file not found");
        } catch (IOException | RuntimeException e) {
            problems.add(file + ": cannot be read as CSV: " + e.getMessage());
        }
        return rows;
    }
}
