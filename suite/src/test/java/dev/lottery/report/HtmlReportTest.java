package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;

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
    void escapesNamesFromDeclarations() {
        assertThat(html).contains("gamma&lt;&amp;&gt;").doesNotContain("gamma<&>");
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
