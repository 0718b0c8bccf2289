package dev.lottery.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Class names in index order, read from a {@code classes.txt} (one name per line, index = line number - 1). */
public final class ClassList {
    private final List<String> names;
    private final Map<String, Integer> index;

    private ClassList(List<String> names, Map<String, Integer> index) {
        this.names = names;
        this.index = index;
    }

    /** Reads one class name per line; a blank or duplicate line is an error naming file and line. */
    public static ClassList read(Path classesTxt) throws IOException {
        if (!Files.isRegularFile(classesTxt)) {
            throw new IOException("expected a class list file at " + classesTxt + ", found none");
        }
        List<String> lines = Files.readAllLines(classesTxt, StandardCharsets.UTF_8);
        // A single trailing newline is normal; readAllLines already drops it.
        return of(lines, classesTxt.toString());
    }

    /** Builds a list from names in index order; {@code origin} names the source in error messages. */
    public static ClassList of(List<String> names, String origin) throws IOException {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            int line = i + 1;
            if (name.isEmpty()) {
                throw new IOException(origin + ":" + line + ": expected a class name, found a blank line");
            }
            Integer previous = index.putIfAbsent(name, i);
            if (previous != null) {
                throw new IOException(origin + ":" + line + ": duplicate class name '" + name
                        + "' (first on line " + (previous + 1) + ")");
            }
        }
        if (names.isEmpty()) {
            throw new IOException(origin + ": expected at least one class name, found an empty file");
        }
        return new ClassList(names.stream().map(String::strip).toList(), Map.copyOf(index));
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    /** Index of the class, or -1 when the name is not in the list. */
    public int indexOf(String name) {
        return index.getOrDefault(name, -1);
    }

    public List<String> names() {
        return names;
    }

    /** The file form: one name per line, each line ending in '\n'. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String n : names) {
            sb.append(n).append('\n');
        }
        return sb.toString();
    }
}
