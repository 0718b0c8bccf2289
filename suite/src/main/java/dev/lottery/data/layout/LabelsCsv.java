package dev.lottery.data.layout;

import dev.lottery.data.BadSamples;
import dev.lottery.data.SampleSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The labels of a split as a CSV {@code path,labels}: one row per labelled sample in the source's
 * order, its labels as sorted-wnid indices 0..999 separated by spaces (a ReaL image may have none or
 * several). A path holding a comma or quote is quoted.
 */
public final class LabelsCsv {

    private LabelsCsv() {}

    public static void write(SampleSource source, Path file) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("path,labels\n");
            // forEach takes no checked exception: a write failure is kept and rethrown once it returns
            IOException[] failure = {null};
            source.forEach(s -> {
                try {
                    w.write(cell(s.key()) + "," + Arrays.stream(s.labels()).mapToObj(Integer::toString)
                            .collect(Collectors.joining(" ")) + "\n");
                } catch (IOException e) {
                    failure[0] = e;
                }
            }, new BadSamples());
            if (failure[0] != null) {
                throw failure[0];
            }
        }
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
