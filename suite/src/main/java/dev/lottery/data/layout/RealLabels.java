package dev.lottery.data.layout;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ReaL's real.json: a JSON array whose element i lists the sorted indices valid for val image i+1. */
final class RealLabels {
    private RealLabels() {}

    static int[][] read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("expected ReaL labels (real.json) at " + file + ", found none;"
                    + " download https://raw.githubusercontent.com/google-research/reassessed-imagenet/master/real.json"
                    + " or pass --real-json FILE");
        }
        List<int[]> out = new ArrayList<>();
        try (JsonParser p = JsonMapper.builder().build().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException(file + ": expected a JSON array of label arrays");
            }
            while (p.nextToken() == JsonToken.START_ARRAY) {
                List<Integer> set = new ArrayList<>();
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_INT) {
                    int v = p.getIntValue();
                    if (v < 0 || v > 999) {
                        throw new IOException(file + ": entry " + out.size() + " (image "
                                + String.format("ILSVRC2012_val_%08d", out.size() + 1) + "): expected indices 0..999, found " + v);
                    }
                    set.add(v);
                }
                if (t != JsonToken.END_ARRAY) {
                    throw new IOException(file + ": entry " + out.size() + ": expected integers, found " + t);
                }
                out.add(set.stream().mapToInt(Integer::intValue).toArray());
            }
            if (p.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException(file + ": entry " + out.size() + ": expected an array of integers, found "
                        + p.currentToken());
            }
        }
        return out.toArray(new int[0][]);
    }
}
