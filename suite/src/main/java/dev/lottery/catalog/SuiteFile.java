package dev.lottery.catalog;

import dev.lottery.analysis.AggregateDefinition;
import dev.lottery.analysis.AggregateKind;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/** A suite's {@code suite/catalog/suites/<name>.properties}, with required keys reported against the file. */
record SuiteFile(Path file, Properties props, List<String> problems) {

    /** The suite file {@code file}, or null (a problem said why). */
    static SuiteFile read(Path file, Path home, List<String> problems) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
            return new SuiteFile(file, props, problems);
        } catch (NoSuchFileException e) {
            problems.add(file + ": suite not declared (known suites: " + Catalog.suiteNames(home) + ")");
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
        }
        return null;
    }

    String get(String key) {
        String v = props.getProperty(key);
        if (v == null || v.isBlank()) {
            problems.add(file + ": property '" + key + "' is missing");
            return "";
        }
        return v.trim();
    }

    String optional(String key) {
        return props.getProperty(key, "").trim();
    }

    /** A comma-separated list that may be absent (empty then). */
    List<String> optionalList(String key) {
        return Arrays.stream(optional(key).split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    List<String> list(String key) {
        return Arrays.stream(get(key).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    int integer(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            problems.add(file + ": property '" + key + "' must be an integer");
            return 0;
        }
    }

    double number(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            problems.add(file + ": property '" + key + "' must be a number");
            return Double.NaN;
        }
    }

    /** The {@code aggregate.NAME=kind|variants|weights|scale} properties, over the suite's variants. */
    List<AggregateDefinition> aggregates(Map<String, Variant> declared, List<Variant> suiteVariants) {
        SuiteFile sf = this;
        List<AggregateDefinition> out = new ArrayList<>();
        for (String key : new TreeSet<>(sf.props.stringPropertyNames())) {
            if (!key.startsWith("aggregate.")) {
                continue;
            }
            String name = key.substring("aggregate.".length());
            String[] parts = sf.props.getProperty(key).split("\\|", -1);
            String where = sf.file + " (" + key + ")";
            if (parts.length != 4) {
                problems.add(where + ": expected kind|variants|weights|scale, found '" + sf.props.getProperty(key) + "'");
                continue;
            }
            AggregateKind kind;
            try {
                kind = AggregateKind.valueOf(parts[0].trim());
            } catch (IllegalArgumentException e) {
                problems.add(where + ": unknown aggregate kind '" + parts[0].trim() + "'; expected "
                        + Arrays.toString(AggregateKind.values()));
                continue;
            }
            List<String> variants = Arrays.stream(parts[1].trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
            Map<String, Double> weights = new LinkedHashMap<>();
            for (String v : variants) {
                if (suiteVariants.stream().noneMatch(x -> x.id().equals(v))) {
                    continue; // the suite's builder names it: an aggregate over a variant the suite does not run
                }
                switch (parts[2].trim()) {
                    case "equal" -> weights.put(v, 1.0);
                    case "sizes" -> weights.put(v, (double) declared.get(v).expectedCount());
                    default -> problems.add(where + ": weights must be 'equal' or 'sizes', found '" + parts[2].trim() + "'");
                }
            }
            if (kind != AggregateKind.WEIGHTED_MEAN) {
                if (!parts[2].trim().equals("equal")) {
                    problems.add(where + ": only WEIGHTED_MEAN takes weights; use 'equal' for " + kind);
                }
                weights.clear();
            }
            String scale = parts[3].trim();
            if (!scale.equals("percent") && !scale.equals("fraction")) {
                problems.add(where + ": scale must be 'percent' or 'fraction', found '" + scale + "'");
                continue;
            }
            try {
                out.add(new AggregateDefinition(name, kind, variants, weights, scale.equals("fraction")));
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + e.getMessage());
            }
        }
        return out;
    }
}
