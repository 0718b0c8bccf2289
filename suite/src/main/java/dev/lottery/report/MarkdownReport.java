package dev.lottery.report;

import dev.lottery.data.BadSample;
import dev.lottery.analysis.AggregateResult;
import dev.lottery.analysis.AnalysisResult;
import dev.lottery.analysis.FixtureCheck;
import dev.lottery.analysis.GatePolicy;
import dev.lottery.analysis.SuiteCheck;
import dev.lottery.analysis.LotteryPair;
import dev.lottery.analysis.RankChange;
import dev.lottery.analysis.ScoreTable;
import dev.lottery.analysis.Status;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.md}: the accuracy matrix with intervals, ranks per variant, the declared
 * aggregates (each definition spelled out), Kendall tau-b against the reference variant, rank
 * changes, the lottery list, the expectation table and the environment.
 */
public final class MarkdownReport {

    private MarkdownReport() {}

    /**
     * The expectations section: each fixture's check with its noise model, and the suite-level tests.
     * Shared by the Markdown and HTML reports' readers: the same words in both.
     */
    static String expectations(RunResult run) {
        StringBuilder md = new StringBuilder();
        GatePolicy policy = run.fixtures().isEmpty() ? null : run.fixtures().get(0).check().policy();
        md.append("\n## Expectations\n\n");
        if (policy != null) {
            md.append(gateSentence(policy));
        }
        md.append("| fixture | metric | score | expected | diff (pp) | sigma (pp) | z | threshold (pp) | detectable (pp) "
                + "| status | source |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (FixtureResult r : run.fixtures()) {
            md.append(expectationRow(r));
        }
        SuiteCheck sc = run.suiteCheck();
        if (sc.groups() > 0) {
            md.append(System.lineSeparator())
                    .append(suiteCheckSentence(sc, "**" + sc.status().name().toLowerCase(Locale.ROOT) + "**"))
                    .append(System.lineSeparator());
        }
        return md.toString();
    }

    /** How the gate decides, with the run's false-alarm budget (the same policy holds for every fixture). */
    private static String gateSentence(GatePolicy policy) {
        return String.format(Locale.ROOT, "Gate: family-wise false-alarm rate %s per run over %d checked "
                + "fixtures (per fixture %.2g two-sided, Sidak; %.2g to each suite-level test). "
                + "sigma = sqrt(sd_seed^2/n + ref_se^2 + sd_numeric^2); a fixture fails when |score - expected| > "
                + "allowance + critical x sigma; detectable = the true shift caught with 95%% power.%n%n",
                num(policy.falseAlarmRate(), 3), policy.checkedFixtures(), policy.fixtureAlpha(),
                policy.suiteTestAlpha());
    }

    /** One fixture's check; "–" in the check's columns when it has no expectation. */
    private static String expectationRow(FixtureResult r) {
        FixtureCheck c = r.check();
        boolean checked = r.expected() != null;
        return String.format(Locale.ROOT, "| %s/%s | %s | %.2f | %s | %s | %s | %s | %s | %s | **%s** | %s |%n",
                r.framework(), r.variant(), r.metric(), r.score(), checked ? num(r.expected(), 2) : "–",
                checked ? num(r.score() - r.expected(), 2) : "–", checked ? num(c.sigma(), 2) : "–",
                checked ? num(c.z(), 2) : "–", checked ? num(c.threshold(), 2) : "–",
                checked ? num(c.detectable(), 2) : "–", r.status().name().toLowerCase(Locale.ROOT),
                r.source().replace("|", "\\|"));
    }

    /** The suite-level tests in one sentence, {@code status} as the caller marks it up (shared with the HTML report). */
    static String suiteCheckSentence(SuiteCheck sc, String status) {
        return String.format(Locale.ROOT, "Suite-level tests over %d frameworks' mean z (each at %.2g): shift S = %.2f "
                + "(p = %.3g), spread X = %.2f on %d df (p = %.3g): %s.", sc.groups(), sc.alpha(), sc.shift(), sc.shiftP(),
                sc.spread(), sc.groups(), sc.spreadP(), status);
    }

    public static String render(RunResult run) {
        AnalysisResult a = run.analysis();
        ScoreTable t = a.table();
        StringBuilder md = new StringBuilder();
        summary(md, run);
        accuracy(md, run, t);
        ranks(md, a, t);
        rankChanges(md, a, t);
        kendall(md, a);
        aggregates(md, a, t);
        lotteryList(md, a);
        significance(md, a);
        md.append(expectations(run));
        md.append(stageTimes(run));
        badSamples(md, run);
        if (!run.notes().isEmpty()) {
            md.append("\n## Notes\n\n");
            run.notes().forEach(n -> md.append("- ").append(n).append("\n"));
        }
        md.append("\n## Environment\n\n```json\n").append(ResultsJson.json(run.environment())).append("```\n");
        return md.toString();
    }

    /** The title, the description, the pass/fail/recorded counts and any partial data. */
    private static void summary(StringBuilder md, RunResult run) {
        md.append("# lottery report: ").append(run.suite()).append(" (").append(run.runId()).append(")\n\n");
        if (!run.description().isEmpty()) {
            md.append(run.description()).append("\n\n");
        }
        md.append(String.format(Locale.ROOT,
                "%d fixtures: **%d pass, %d fail, %d recorded** (recorded = no expectation, never counted as a pass). "
                        + "Wall time %.1f s.%n%n",
                run.fixtures().size(), run.count(Status.PASS), run.count(Status.FAIL), run.count(Status.RECORDED),
                run.wallSeconds()));

        for (String p : partialDatasets(run)) {
            md.append("**Partial data** (run with --allow-partial): ").append(p).append(".\n\n");
        }
    }

    /** The accuracy matrix with intervals (and seed spread), then each variant's scoring rule. */
    private static void accuracy(StringBuilder md, RunResult run, ScoreTable t) {
        md.append("## Accuracy (top-1 %, mean over seeds, 95% Clopper-Pearson interval)\n\n");
        header(md, "framework", t.variants());
        for (String f : t.frameworks()) {
            boolean added = run.fixtures().stream().anyMatch(x -> x.framework().equals(f) && x.params().containsKey("added"));
            md.append("| ").append(f).append(added ? " (added, record-only)" : "");
            for (String v : t.variants()) {
                FixtureResult r = find(run, f, v);
                md.append(" | ").append(r == null ? "–" : String.format(Locale.ROOT, "%.2f [%.2f, %.2f]%s", r.score(),
                        r.lower(), r.upper(), r.seeds().size() > 1
                                ? String.format(Locale.ROOT, " ±%.2f sd", r.spread().sd()) : ""));
            }
            md.append(" |\n");
        }
        md.append("\nScoring rules: ");
        md.append(String.join("; ", run.fixtures().stream()
                .filter(r -> r.framework().equals(t.frameworks().get(0)))
                .map(r -> r.variant() + " = " + r.params().getOrDefault("scoring", r.metric())).toList()));
        md.append(". Scores are from the head after the last epoch (no best-epoch selection).\n\n");
    }

    private static void ranks(StringBuilder md, AnalysisResult a, ScoreTable t) {
        md.append("## Ranks per variant (1 = best; ties share the average rank)\n\n");
        header(md, "framework", t.variants());
        for (int i = 0; i < t.frameworks().size(); i++) {
            md.append("| ").append(t.frameworks().get(i));
            for (String v : t.variants()) {
                md.append(" | ").append(num(a.ranks().get(v)[i], 1));
            }
            md.append(" |\n");
        }
    }

    private static void rankChanges(StringBuilder md, AnalysisResult a, ScoreTable t) {
        md.append("\n## Rank change against ").append(a.referenceVariant())
                .append(" (reference rank − variant rank; positive = moved up, like timm's rank_diff)\n\n");
        List<String> others = t.variants().stream().filter(v -> !v.equals(a.referenceVariant())).toList();
        header(md, "framework", others);
        for (String f : t.frameworks()) {
            md.append("| ").append(f);
            for (String v : others) {
                RankChange c = a.rankChanges().stream()
                        .filter(x -> x.framework().equals(f) && x.variant().equals(v)).findFirst().orElse(null);
                md.append(" | ").append(c == null ? "–" : signed(c.change()));
            }
            md.append(" |\n");
        }
    }

    /** τ-b of each variant's ranking, then of each aggregate's, against the reference variant's. */
    private static void kendall(StringBuilder md, AnalysisResult a) {
        md.append("\n## Kendall τ-b against ").append(a.referenceVariant()).append("\n\n");
        md.append("| variant | τ-b |\n|---|---|\n");
        for (Map.Entry<String, Double> e : a.tauVsReference().entrySet()) {
            md.append("| ").append(e.getKey()).append(" | ").append(num(e.getValue(), 3)).append(" |\n");
        }
        for (Map.Entry<String, Double> e : a.tauVsAggregate().entrySet()) {
            md.append("| aggregate ").append(e.getKey()).append(" | ").append(num(e.getValue(), 3)).append(" |\n");
        }
    }

    /** The aggregates per framework, then their definitions as declared. */
    private static void aggregates(StringBuilder md, AnalysisResult a, ScoreTable t) {
        md.append("\n## Aggregates\n\n");
        if (a.aggregates().isEmpty()) {
            md.append("None declared.\n");
            return;
        }
        header(md, "framework", a.aggregates().stream().map(x -> x.definition().name()).toList());
        for (int i = 0; i < t.frameworks().size(); i++) {
            md.append("| ").append(t.frameworks().get(i));
            for (AggregateResult x : a.aggregates()) {
                md.append(" | ").append(num(x.values()[i], x.definition().asFraction() ? 4 : 2));
            }
            md.append(" |\n");
        }
        md.append("\nDefinitions (declared in the suite file, not hard-wired):\n\n");
        for (AggregateResult x : a.aggregates()) {
            md.append("- ").append(x.definition().describe()).append("\n");
        }
    }

    /** The pairs the reference variant separates by less than the margin that another variant reverses. */
    private static void lotteryList(StringBuilder md, AnalysisResult a) {
        md.append(String.format(Locale.ROOT, "%n## The lottery list (val margin below %.2f pp, reversed on a variant)%n%n",
                a.lotteryMargin()));
        if (a.lottery().isEmpty()) {
            md.append("No pair that ").append(a.referenceVariant())
                    .append(" separates by less than the margin is reversed on another variant.\n");
            return;
        }
        md.append("| better on ").append(a.referenceVariant()).append(" | worse on ").append(a.referenceVariant())
                .append(" | margin (pp) | reversed on | reversed by (pp) |\n|---|---|---|---|---|\n");
        for (LotteryPair p : a.lottery()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %s | %.2f |%n", p.better(), p.worse(),
                    p.valMargin(), p.variant(), p.variantMargin()));
        }
    }

    private static void badSamples(StringBuilder md, RunResult run) {
        if (run.badSamples().isEmpty()) {
            return;
        }
        md.append("\n## Bad samples (skipped, counted)\n\n| split | shard | key | reason |\n|---|---|---|---|\n");
        for (BadSample b : run.badSamples()) {
            md.append("| ").append(b.fields().stream()
                    .map(cell -> cell.replace("|", "\\|").replace("\t", " | ")).collect(Collectors.joining(" | ")))
                    .append(" |\n");
        }
    }

    /** The paired tests: the lottery pairs' p-values and verdicts, rank changes, rank and aggregate intervals. */
    private static void significance(StringBuilder md, AnalysisResult a) {
        md.append("\n## Paired significance: is the marginal improvement real?\n\n");
        if (!a.significance().available()) {
            a.significance().notes().forEach(n -> md.append(n).append(".\n"));
            return;
        }
        md.append(SignificanceTables.method(a)).append("\n\n");
        if (!a.lottery().isEmpty()) {
            md.append(SignificanceTables.summary(a)).append("\n\n");
        }
        for (SignificanceTables.Table t : List.of(SignificanceTables.lottery(a), SignificanceTables.rankChanges(a),
                SignificanceTables.rankIntervals(a), SignificanceTables.aggregates(a))) {
            if (t.rows().isEmpty() || t.header().size() < 2) {
                continue;
            }
            md.append("### ").append(t.caption()).append("\n\n");
            header(md, t.header().get(0), t.header().subList(1, t.header().size()));
            for (List<String> row : t.rows()) {
                md.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                        .append(" |\n");
            }
            md.append("\n");
        }
        a.significance().notes().forEach(n -> md.append("- ").append(n).append("\n"));
    }

    /** "VARIANT: partial: 5 of 1000 class folders" per dataset a run read partially (environment.json, datasets). */
    static List<String> partialDatasets(RunResult run) {
        List<String> out = new java.util.ArrayList<>();
        if (run.environment().get("datasets") instanceof Map<?, ?> datasets) {
            datasets.forEach((id, facts) -> {
                if (facts instanceof Map<?, ?> m && m.get("partial") != null) {
                    out.add(id + ": " + m.get("partial"));
                }
            });
        }
        return out;
    }

    /** Where each framework's time went: extraction, training, scoring, and what the cache saved. */
    static String stageTimes(RunResult run) {
        if (run.stageTimes().isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n## Stage times (wall seconds per framework)\n\n"
                + "| framework | feature extraction | head training | scoring | total | feature sets from cache "
                + "| heads from cache |\n|---|---|---|---|---|---|---|\n");
        for (StageTimes s : run.stageTimes()) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %d of %d | %d of %d |%n",
                    s.framework(), s.extractionSeconds(), s.trainingSeconds(), s.scoringSeconds(), s.totalSeconds(),
                    s.featureSetsFromCache(), s.featureSets(), s.headsFromCache(), s.heads()));
        }
        return md.toString();
    }

    private static FixtureResult find(RunResult run, String framework, String variant) {
        return run.fixtures().stream().filter(r -> r.framework().equals(framework) && r.variant().equals(variant))
                .findFirst().orElse(null);
    }

    private static void header(StringBuilder md, String first, List<String> columns) {
        md.append("| ").append(first);
        columns.forEach(c -> md.append(" | ").append(c));
        md.append(" |\n|---");
        columns.forEach(c -> md.append("|---"));
        md.append("|\n");
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String signed(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%+.1f", v);
    }
}
