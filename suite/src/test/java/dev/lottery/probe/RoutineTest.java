package dev.lottery.probe;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RoutineTest {

    static Routine sgd(Schedule schedule, int[] milestones, int warmup, int epochs) {
        return new Routine("r", Optimizer.SGD, 0.4, 0.9, false, 0.0, schedule, milestones, 0.1, warmup, epochs, 256,
                0.0, "test");
    }

    @Test
    void cosineStartsAtLrHalvesAtMidpointAndReachesZero() {
        Routine r = sgd(Schedule.COSINE, null, 0, 10);
        int ipe = 7;
        assertThat(r.learningRate(0, ipe)).isEqualTo(0.4);
        assertThat(r.learningRate(35, ipe)).isCloseTo(0.2, within(1e-12));
        assertThat(r.learningRate(70, ipe)).isCloseTo(0.0, within(1e-12));
        assertThat(r.learningRate(69, ipe)).isGreaterThan(0).isLessThan(0.001);
        assertThat(r.learningRate(20, ipe)).isGreaterThan(r.learningRate(21, ipe));
    }

    @Test
    void warmupRampsLinearlyFromZeroThenCosineRunsOverTheRest() {
        Routine r = sgd(Schedule.COSINE, null, 2, 10);
        int ipe = 5;
        assertThat(r.learningRate(0, ipe)).isEqualTo(0.0);
        assertThat(r.learningRate(5, ipe)).isCloseTo(0.2, within(1e-12));
        assertThat(r.learningRate(9, ipe)).isCloseTo(0.4 * 9 / 10, within(1e-12));
        assertThat(r.learningRate(10, ipe)).isCloseTo(0.4, within(1e-12));
        // midpoint of the 40 post-warmup iterations
        assertThat(r.learningRate(30, ipe)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void stepDecaysAtTheStartOfEachMilestoneEpoch() {
        Routine r = sgd(Schedule.STEP, new int[] {6, 8}, 0, 10);
        int ipe = 3;
        assertThat(r.learningRate(0, ipe)).isEqualTo(0.4);
        assertThat(r.learningRate(6 * ipe - 1, ipe)).isEqualTo(0.4);
        assertThat(r.learningRate(6 * ipe, ipe)).isCloseTo(0.04, within(1e-12));
        assertThat(r.learningRate(8 * ipe - 1, ipe)).isCloseTo(0.04, within(1e-12));
        assertThat(r.learningRate(8 * ipe, ipe)).isCloseTo(0.004, within(1e-12));
    }

    @Test
    void constantStaysAtLr() {
        Routine r = sgd(Schedule.CONSTANT, null, 0, 3);
        assertThat(r.learningRate(0, 4)).isEqualTo(0.4);
        assertThat(r.learningRate(11, 4)).isEqualTo(0.4);
    }

    @Test
    void scalingEpochsScalesMilestonesAndWarmup() {
        Routine r = new Routine("moco", Optimizer.SGD, 30, 0.9, false, 0, Schedule.STEP, new int[] {60, 80}, 0.1, 5,
                100, 256, 0, "facebookresearch/moco main_lincls.py");
        Routine tenth = r.scaledEpochs(0.1);
        assertThat(tenth.epochs()).isEqualTo(10);
        assertThat(tenth.milestones()).containsExactly(6, 8);
        assertThat(tenth.warmupEpochs()).isEqualTo(1);
        Routine one = r.withEpochs(1);
        assertThat(one.epochs()).isEqualTo(1);
        assertThat(one.milestones()).containsExactly(1, 1);
        assertThat(one.warmupEpochs()).isZero();
        assertThat(r.scaledEpochs(1e-9).epochs()).isEqualTo(1);
        assertThat(r.withEpochs(100)).isEqualTo(r);
    }

    @Test
    void invalidRoutinesAreRejectedWithTheFieldAndValue() {
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, -1, 0.9, false, 0, Schedule.COSINE, null, 1, 0,
                10, 256, 0, "x")).hasMessageContaining("routine 'bad'").hasMessageContaining("lr").hasMessageContaining("-1");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 1.0, false, 0, Schedule.COSINE, null, 1, 0,
                10, 256, 0, "x")).hasMessageContaining("momentum must be in [0, 1)");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0, true, 0, Schedule.COSINE, null, 1, 0,
                10, 256, 0, "x")).hasMessageContaining("nesterov needs momentum > 0");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.STEP, new int[] {8, 6},
                0.1, 0, 10, 256, 0, "x")).hasMessageContaining("non-decreasing").hasMessageContaining("[8, 6]");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.STEP, new int[] {11},
                0.1, 0, 10, 256, 0, "x")).hasMessageContaining("[1, epochs=10]");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.STEP, null,
                0.1, 0, 10, 256, 0, "x")).hasMessageContaining("at least one milestone");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, new int[] {3},
                0.1, 0, 10, 256, 0, "x")).hasMessageContaining("only meaningful for schedule STEP");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.LARS, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 0, 10, 256, 0, "x")).hasMessageContaining("larsTrust");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 10, 10, 256, 0, "x")).hasMessageContaining("warmupEpochs must be in [0, epochs=10)");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 0, 0, 256, 0, "x")).hasMessageContaining("epochs must be >= 1");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 0, 10, 0, 0, "x")).hasMessageContaining("batchSize must be >= 1");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, -1e-6, Schedule.COSINE, null,
                1, 0, 10, 256, 0, "x")).hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> new Routine("bad", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 0, 10, 256, 0, " ")).hasMessageContaining("source");
        assertThatThrownBy(() -> new Routine(" ", Optimizer.SGD, 1, 0.9, false, 0, Schedule.COSINE, null,
                1, 0, 10, 256, 0, "x")).hasMessageContaining("routine id");
    }

    @Test
    void milestonesAreCopiedAndComparedByContent() {
        int[] m = {6, 8};
        Routine a = sgd(Schedule.STEP, m, 0, 10);
        m[0] = 1;
        assertThat(a.milestones()).containsExactly(6, 8);
        a.milestones()[0] = 2;
        assertThat(a.milestones()).containsExactly(6, 8);
        assertThat(a).isEqualTo(sgd(Schedule.STEP, new int[] {6, 8}, 0, 10)).hasSameHashCodeAs(sgd(Schedule.STEP, new int[] {6, 8}, 0, 10));
        assertThat(a).isNotEqualTo(sgd(Schedule.STEP, new int[] {6, 9}, 0, 10));
    }
}
