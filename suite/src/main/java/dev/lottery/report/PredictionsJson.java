package dev.lottery.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lottery.analysis.Predictions;
import dev.lottery.score.Correctness;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code predictions.json}: every fixture's per-image outcomes, per seed, so a stored run rebuilds its
 * paired tests. One bit per scored image in the split's order, packed little-endian (image i is bit
 * i % 8 of byte i / 8, as {@code numpy.packbits(..., bitorder="little")} and {@code java.util.BitSet}
 * have it), base64: ImageNet val is 6.25 kB (8.3 kB as text) per seed.
 */
public final class PredictionsJson {

    static final String ENCODING = "one bit per scored image in the split's order, 1 = correct; image i is bit i%8 "
            + "(least significant first) of byte i/8; base64";

    private PredictionsJson() {}

    public static String render(Predictions predictions) {
        Map<String, Object> frameworks = new LinkedHashMap<>();
        predictions.byFramework().forEach((f, variants) -> {
            Map<String, Object> vs = new LinkedHashMap<>();
            variants.forEach((v, p) -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("images", p.images());
                m.put("alignment", p.alignment());
                List<Map<String, Object>> seeds = new ArrayList<>();
                for (int j = 0; j < p.perSeed().size(); j++) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("seed", p.seeds().get(j));
                    s.put("correct", p.perSeed().get(j).count());
                    s.put("bits", Base64.getEncoder().encodeToString(bytes(p.perSeed().get(j))));
                    seeds.add(s);
                }
                m.put("seeds", seeds);
                vs.put(v, m);
            });
            frameworks.put(f, vs);
        });
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", 1);
        o.put("encoding", ENCODING);
        o.put("frameworks", frameworks);
        return ResultsJson.json(o);
    }

    /** Reads what {@link #render} wrote; {@code file} is named in errors. */
    public static Predictions read(JsonNode root, Path file) {
        Map<String, Map<String, Predictions.FixturePredictions>> out = new LinkedHashMap<>();
        root.path("frameworks").fields().forEachRemaining(f -> f.getValue().fields().forEachRemaining(v -> {
            JsonNode m = v.getValue();
            int images = m.path("images").asInt();
            List<Long> seeds = new ArrayList<>();
            List<Correctness> perSeed = new ArrayList<>();
            for (JsonNode s : m.path("seeds")) {
                Correctness c = correctness(images, Base64.getDecoder().decode(s.path("bits").asText()), file,
                        f.getKey() + "/" + v.getKey());
                if (c.count() != s.path("correct").asLong()) {
                    throw new IllegalArgumentException(file + ": " + f.getKey() + "/" + v.getKey() + " seed "
                            + s.path("seed").asLong() + ": expected " + s.path("correct").asLong()
                            + " correct images, the bits have " + c.count());
                }
                seeds.add(s.path("seed").asLong());
                perSeed.add(c);
            }
            out.computeIfAbsent(f.getKey(), k -> new LinkedHashMap<>()).put(v.getKey(),
                    new Predictions.FixturePredictions(m.path("alignment").asText(), seeds, perSeed));
        }));
        return new Predictions(out);
    }

    static byte[] bytes(Correctness c) {
        long[] words = c.view();
        byte[] out = new byte[(c.images() + 7) / 8];
        for (int j = 0; j < out.length; j++) {
            out[j] = (byte) (words[j >>> 3] >>> (8 * (j & 7)));
        }
        return out;
    }

    static Correctness correctness(int images, byte[] bytes, Path file, String fixture) {
        if (bytes.length != (images + 7) / 8) {
            throw new IllegalArgumentException(file + ": " + fixture + ": expected " + (images + 7) / 8 + " bytes for "
                    + images + " images, found " + bytes.length);
        }
        long[] words = new long[(images + 63) >>> 6];
        for (int j = 0; j < bytes.length; j++) {
            words[j >>> 3] |= (bytes[j] & 0xFFL) << (8 * (j & 7));
        }
        try {
            return new Correctness(images, words);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + fixture + ": " + e.getMessage(), e);
        }
    }
}
