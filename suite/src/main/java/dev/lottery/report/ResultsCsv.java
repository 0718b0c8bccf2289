package dev.lottery.report;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** {@code results.csv}: one row per fixture with the same fields as {@code results.json}. */
public final class ResultsCsv {

    static final String[] HEADER = {"benchmark", "framework", "variant", "metric", "unit", "score", "score_error",
        "ci_lower", "ci_upper", "seeds", "seed_sd", "seed_min", "seed_max", "raw", "samples", "bad_samples", "status",
        "expected", "tolerance", "source", "sigma", "z", "p_value", "detectable95", "sd_seed", "ref_se", "sd_numeric",
        "allowance", "params"};

    private ResultsCsv() {}

    public static String render(RunResult run) {
        StringWriter out = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(HEADER).get())) {
            for (FixtureResult f : run.fixtures()) {
                p.printRecord(f.benchmark(), f.framework(), f.variant(), f.metric(), f.unit(), fmt(f.score()),
                        fmt(f.scoreError()), fmt(f.lower()), fmt(f.upper()), f.seeds().size(), fmt(f.spread().sd()),
                        fmt(f.spread().min()), fmt(f.spread().max()),
                        Arrays.stream(f.rawData()).mapToObj(ResultsCsv::fmt).collect(Collectors.joining(" ")),
                        f.samples(), f.badSamples(), f.status().name().toLowerCase(),
                        f.expected() == null ? "" : fmt(f.expected()), f.expected() == null ? "" : fmt(f.tolerance()),
                        f.source(), fmt(f.check().sigma()), fmt(f.check().z()), fmt(f.check().pValue()),
                        fmt(f.check().detectable()), fmt(f.check().noise().sdSeed()), fmt(f.check().noise().refSe()),
                        fmt(f.check().noise().sdNumeric()), fmt(f.check().noise().allowance()),
                        f.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(";")));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static String fmt(double v) {
        return !Double.isFinite(v) ? "" : String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
