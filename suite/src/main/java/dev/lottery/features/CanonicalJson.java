package dev.lottery.features;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one serialisation of provenance records: compact JSON, every object's keys sorted, absent
 * (null) fields left out, so equal records give equal bytes whatever the declaration order.
 */
public final class CanonicalJson {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    private CanonicalJson() {}

    /** The envelope of a record of store kind {@code kind} (a record, or a tree read back from a stored text). */
    public static String of(String kind, Object provenance) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("kind", kind);
        envelope.put("provenance", provenance);
        try {
            // a tree first, its keys then sorted at every level: records and maps alike, whatever Jackson's own order
            return CANONICAL.writeValueAsString(sorted(CANONICAL.valueToTree(envelope)));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot serialise the provenance of a " + kind + " entry: " + e.getMessage(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = CANONICAL.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = CANONICAL.createArrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    /** Parses a stored provenance text. */
    public static JsonNode parse(String text) {
        try {
            return CANONICAL.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a provenance record (JSON): " + e.getOriginalMessage(), e);
        }
    }

    /** The text indented for reading (keys in their canonical order). */
    public static String pretty(String text) {
        try {
            return PRETTY.writeValueAsString(parse(text)).replace("\r\n", "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
