package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

    private final String html = HtmlReport.render(
            SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()")));

    @Test
    void isSelfContained() {
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                .doesNotContainIgnoringCase("@import").doesNotContainIgnoringCase("url(http");
        // the only URLs are SVG namespace declarations, which are never fetched
        assertThat(Pattern.compile("(?:src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://", "https://");
    }

    @Test
    void drawsEveryFixtureScatterAndRankLine() {
        assertThat(count(html, "<g class=\"fixture ")).isEqualTo(9);
        assertThat(count(html, "class=\"fixture pass\"")).isEqualTo(1);
        assertThat(count(html, "class=\"fixture fail\"")).isEqualTo(1);
        assertThat(html).contains("id=\"scatter-v2\"", "id=\"scatter-sketch\"").doesNotContain("id=\"scatter-val\"");
        assertThat(count(html, "class=\"fit\"")).isEqualTo(2);
        assertThat(count(html, "<g class=\"bump\"")).isEqualTo(3);
        assertThat(html).contains("mean: arithmetic mean of top-1 accuracy in percent (0..100) over val, v2, sketch");
        assertThat(html).contains("id=\"lottery-table\"").contains("<td>alpha</td><td>beta</td>");
    }

    @Test
    void showsEachFrameworksStageTimesAndCacheHitsInBothReports() {
        assertThat(html).contains("id=\"stage-times-table\"")
                .contains("<tr><td>alpha</td><td class=\"num\">7.25</td><td class=\"num\">3.50</td><td class=\"num\">0.13</td>"
                        + "<td class=\"num\">10.88</td><td>0 of 4</td><td>0 of 2</td></tr>")
                .contains("<td>4 of 4</td><td>2 of 2</td>");
        String md = MarkdownReport.render(SampleRuns.run("r1", SampleRuns.scores(), SampleRuns.environment("2.16", "cpu()")));
        assertThat(md).contains("## Stage times (wall seconds per framework)")
                .contains("| alpha | 7.25 | 3.50 | 0.13 | 10.88 | 0 of 4 | 0 of 2 |")
                .contains("| beta | 0.50 | 0.25 | 0.13 | 0.88 | 4 of 4 | 2 of 2 |");
    }

    @Test
    void escapesNamesFromDeclarations() {
        assertThat(html).contains("gamma&lt;&amp;&gt;").doesNotContain("gamma<&>");
    }

    @Test
    void scatterLabelsOfFrameworksWithAlmostTheSameScoresDoNotOverlap() {
        // two frameworks within 0.05 pp of each other on every variant, the third far off (as on the pocket suite):
        // the two labels used to print on one spot
        double[][] close = {{80, 60, 40}, {80.05, 60.02, 40.03}, {50, 30, 20}};
        String page = HtmlReport.render(SampleRuns.run("r2", close, SampleRuns.environment("2.16", "cpu()")));
        Matcher svg = Pattern.compile("<svg id=\"scatter-[^\"]+\".*?</svg>", Pattern.DOTALL).matcher(page);
        int charts = 0;
        while (svg.find()) {
            charts++;
            Matcher m = Pattern.compile("<text class=\"label\" x=\"([-\\d.]+)\" y=\"([-\\d.]+)\" text-anchor=\"(start|end)\" "
                    + "font-size=\"([\\d.]+)\">([^<]+)</text>").matcher(svg.group());
            List<LabelPlacer.Box> boxes = new ArrayList<>();
            while (m.find()) {
                double x = Double.parseDouble(m.group(1));
                double y = Double.parseDouble(m.group(2));
                double font = Double.parseDouble(m.group(4));
                double w = LabelPlacer.width(m.group(5).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"), font);
                double left = m.group(3).equals("start") ? x : x - w;
                boxes.add(new LabelPlacer.Box(left, y - font, left + w, y + font * 0.25));
            }
            assertThat(boxes).hasSize(3);
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertThat(boxes.get(i).overlaps(boxes.get(j))).as(boxes.get(i) + " / " + boxes.get(j)).isFalse();
                }
            }
            assertThat(svg.group()).contains("class=\"leader\"");
        }
        assertThat(charts).isEqualTo(2);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
