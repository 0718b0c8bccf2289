package dev.lottery.catalog;

import java.util.Arrays;
import java.util.List;

/** Typed cells of a declaration row: each bad value is reported at its row and column. */
final class Cells {

    private Cells() {}


    static <E extends Enum<E>> E enumValue(Class<E> type, String text, DeclarationFile.Row row, String column,
            List<String> problems) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase());
        } catch (IllegalArgumentException e) {
            problems.add(row.where() + ": column '" + column + "' must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase() + ", found '" + text + "'");
            return null;
        }
    }

    static int[] ints(String text, DeclarationFile.Row row, String column, List<String> problems) {
        if (text.isBlank()) {
            return new int[0];
        }
        try {
            return Arrays.stream(text.trim().split("\\s+")).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            problems.add(row.where() + ": column '" + column + "' must be space-separated integers, found '" + text + "'");
            return new int[0];
        }
    }

    static float[] floats(String text, DeclarationFile.Row row, String column, List<String> problems) {
        if (text.isBlank()) {
            return new float[0];
        }
        String[] parts = text.trim().split("\\s+");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i]);
            } catch (NumberFormatException e) {
                problems.add(row.where() + ": column '" + column + "' must be space-separated numbers, found '" + text
                        + "'");
                return new float[0];
            }
        }
        return out;
    }

    /** An optional non-negative number column; empty or absent = 0. */
    static double number(DeclarationFile.Row row, String column) {
        String text = row.optional(column);
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number (percentage points), found '" + text + "'");
        }
    }
}
