package dev.lottery.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lottery.report.LabelPlacer.Box;
import dev.lottery.report.LabelPlacer.Label;
import dev.lottery.report.LabelPlacer.Placed;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelPlacerTest {

    private static final Box CHART = new Box(48, 2, 358, 260);

    private static void assertNoOverlaps(List<Placed> placed) {
        for (int i = 0; i < placed.size(); i++) {
            for (int j = i + 1; j < placed.size(); j++) {
                assertThat(placed.get(i).box().overlaps(placed.get(j).box()))
                        .as(placed.get(i).label().text() + " and " + placed.get(j).label().text()).isFalse();
            }
        }
    }

    @Test
    void threeLabelsOnAlmostTheSamePointAreStackedWithLeaderLines() {
        // the pocket suite's zoo-simclr, zoo-vicreg and pixels land within a pixel or two of each other
        List<Label> labels = List.of(new Label("zoo-simclr", 200, 120), new Label("zoo-vicreg", 201, 121),
                new Label("pixels", 200.5, 119.5));
        List<Placed> placed = LabelPlacer.place(labels, CHART, 11);
        assertNoOverlaps(placed);
        assertThat(placed).extracting(p -> p.label().text()).containsExactly("zoo-simclr", "zoo-vicreg", "pixels");
        // the first in top-to-bottom order stays beside its point; the others move and get a leader line
        assertThat(placed.get(2).leader()).isFalse();
        assertThat(placed.get(0).leader()).isTrue();
        assertThat(placed.get(1).leader()).isTrue();
        for (Placed p : placed) {
            assertThat(p.box().top()).isGreaterThanOrEqualTo(CHART.top());
            assertThat(p.box().bottom()).isLessThanOrEqualTo(CHART.bottom());
            // no label covers any point
            for (Label l : labels) {
                assertThat(p.box().overlaps(new Box(l.pointX() - 5, l.pointY() - 5, l.pointX() + 5, l.pointY() + 5)))
                        .as(p.label().text() + " over the point of " + l.text()).isFalse();
            }
        }
    }

    @Test
    void aLabelWithRoomStaysBesideItsPointAndTheResultIsDeterministic() {
        List<Label> labels = List.of(new Label("far-away", 80, 40), new Label("a", 200, 200), new Label("b", 200, 201),
                new Label("c", 200, 202), new Label("d", 201, 200), new Label("e", 199, 203));
        List<Placed> placed = LabelPlacer.place(labels, CHART, 11);
        assertNoOverlaps(placed);
        assertThat(placed.get(0).leader()).isFalse();
        assertThat(placed.get(0).x()).isEqualTo(87.0);
        assertThat(placed.get(0).anchor()).isEqualTo("start");
        assertThat(LabelPlacer.place(labels, CHART, 11)).isEqualTo(placed);
    }

    @Test
    void aLabelThatWouldLeaveTheChartOnTheRightGoesToTheLeftOfItsPoint() {
        Placed p = LabelPlacer.place(List.of(new Label("random-resnet", 350, 100)), CHART, 11).get(0);
        assertThat(p.anchor()).isEqualTo("end");
        assertThat(p.box().right()).isLessThanOrEqualTo(350 - 6);
        assertThat(p.box().left()).isGreaterThanOrEqualTo(CHART.left());
    }

    @Test
    void labelsNearTheBottomEdgeAreNudgedUpRatherThanOutOfTheChart() {
        List<Label> labels = List.of(new Label("one", 100, 258), new Label("two", 100, 258), new Label("three", 101, 257));
        List<Placed> placed = LabelPlacer.place(labels, CHART, 11);
        assertNoOverlaps(placed);
        assertThat(placed).allSatisfy(p -> assertThat(p.box().bottom()).isLessThanOrEqualTo(CHART.bottom()));
    }
}
