package dev.lottery.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScoringRuleTest {

    @Test
    void parsesEachNotationAndWritesItBack() {
        assertThat(ScoringRule.parse("top1", "v.csv:2")).isEqualTo(new ScoringRule.Top1());
        assertThat(ScoringRule.parse(" real ", "v.csv:3")).isEqualTo(new ScoringRule.LabelSets());
        ScoringRule subset = ScoringRule.parse("subset:0 2  3 4", "v.csv:4");
        assertThat(subset).isEqualTo(new ScoringRule.ClassSubset(new int[] {0, 2, 3, 4}));
        assertThat(subset.notation()).isEqualTo("subset:0 2 3 4");
        assertThat(ScoringRule.parse(subset.notation(), "x")).isEqualTo(subset);
        assertThat(new ScoringRule.Top1().notation()).isEqualTo("top1");
        assertThat(new ScoringRule.LabelSets().notation()).isEqualTo("real");
        ScoringRule restricted = ScoringRule.parse("restricted:4 0 2", "v.csv:5");
        assertThat(restricted).isEqualTo(new ScoringRule.RestrictedSubset(new ScoringRule.ClassSubset(new int[] {0, 2, 4})));
        assertThat(restricted.notation()).isEqualTo("restricted:0 2 4");
        assertThat(ScoringRule.parse(restricted.notation(), "x")).isEqualTo(restricted);
        assertThat(restricted).isNotEqualTo(ScoringRule.parse("subset:0 2 4", "x"));
    }

    @Test
    void subsetIsKeptSortedAndCopied() {
        int[] classes = {7, 1, 4};
        ScoringRule.ClassSubset s = new ScoringRule.ClassSubset(classes);
        classes[0] = 99;
        assertThat(s.classes()).containsExactly(1, 4, 7);
        s.classes()[0] = 42;
        assertThat(s.classes()).containsExactly(1, 4, 7);
        assertThat(s.notation()).isEqualTo("subset:1 4 7");
    }

    @Test
    void errorsNameWhereAndWhatWasFound() {
        assertThatThrownBy(() -> ScoringRule.parse("top5", "variants.csv:7"))
                .hasMessageContaining("variants.csv:7").hasMessageContaining("'top5'").hasMessageContaining("top1");
        assertThatThrownBy(() -> ScoringRule.parse("subset:", "variants.csv:8"))
                .hasMessageContaining("variants.csv:8").hasMessageContaining("found none");
        assertThatThrownBy(() -> ScoringRule.parse("subset:1 x 3", "variants.csv:9"))
                .hasMessageContaining("variants.csv:9").hasMessageContaining("'x'").hasMessageContaining("position 2");
        assertThatThrownBy(() -> ScoringRule.parse("subset:1 3 1", "variants.csv:10"))
                .hasMessageContaining("variants.csv:10").hasMessageContaining("listed twice");
        assertThatThrownBy(() -> ScoringRule.parse("subset:-1 3", "variants.csv:11"))
                .hasMessageContaining("variants.csv:11").hasMessageContaining(">= 0");
        assertThatThrownBy(() -> ScoringRule.parse("", "variants.csv:12")).hasMessageContaining("variants.csv:12");
        assertThatThrownBy(() -> ScoringRule.parse("restricted: ", "variants.csv:13"))
                .hasMessageContaining("variants.csv:13").hasMessageContaining("'restricted:'")
                .hasMessageContaining("found none");
        assertThatThrownBy(() -> ScoringRule.parse("restricted:2 2", "variants.csv:14"))
                .hasMessageContaining("variants.csv:14").hasMessageContaining("listed twice");
    }
}
