package dev.lottery.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FixtureCheckTest {

    // sd_seed 0.6 over 3 seeds, ref_se 0.1, sd_numeric 0.2: sigma = sqrt(0.12 + 0.01 + 0.04) = 0.412311
    private static final NoiseModel NOISE = new NoiseModel(0.6, 0, 0.1, 0.2, 0);
    // 50 checked fixtures at F = 0.01: alpha_i = 1 - 0.992^(1/50) = 1.60631e-4, critical z = 3.774031
    private static final GatePolicy POLICY = new GatePolicy(0.01, 50);

    @Test
    void sidakSplitsTheFamilyWiseRateOverTheFixtures() {
        assertThat(POLICY.fixtureAlpha()).isCloseTo(1.6063053e-4, within(1e-10));
        assertThat(POLICY.critical(0)).isCloseTo(3.7740314, within(1e-6));
        assertThat(POLICY.suiteTestAlpha()).isCloseTo(0.001, within(1e-15));
        // the union of the 50 gates and the two suite tests stays within the declared rate
        double anyFixture = 1 - Math.pow(1 - POLICY.fixtureAlpha(), 50);
        assertThat(anyFixture + 2 * POLICY.suiteTestAlpha()).isLessThanOrEqualTo(0.01 + 1e-12);
    }

    @Test
    void thresholdAndDetectableShiftFollowTheNoiseModel() {
        FixtureCheck c = FixtureCheck.of(80.0, 3, 80.0, NOISE, POLICY);
        assertThat(c.sigma()).isCloseTo(0.41231056, within(1e-8));
        assertThat(c.threshold()).isCloseTo(1.55607301, within(1e-6));
        assertThat(c.detectable()).isCloseTo(2.23426353, within(1e-6)); // (3.774031 + 1.644854) x sigma
        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.z()).isZero();
        assertThat(c.pValue()).isEqualTo(1.0);
    }

    @Test
    void failsJustBeyondTheThresholdAndPassesJustInside() {
        assertThat(FixtureCheck.of(80 + 1.5550, 3, 80.0, NOISE, POLICY).status()).isEqualTo(Status.PASS);
        FixtureCheck fail = FixtureCheck.of(80 - 1.5570, 3, 80.0, NOISE, POLICY);
        assertThat(fail.status()).isEqualTo(Status.FAIL);
        assertThat(fail.z()).isCloseTo(-1.5570 / 0.41231056, within(1e-6));
        assertThat(fail.pValue()).isLessThan(POLICY.fixtureAlpha());
    }

    @Test
    void moreSeedsNarrowTheGateAndFewerFixturesWidenIt() {
        double three = FixtureCheck.of(80, 3, 80.0, NOISE, POLICY).threshold();
        assertThat(FixtureCheck.of(80, 10, 80.0, NOISE, POLICY).threshold()).isLessThan(three);
        assertThat(FixtureCheck.of(80, 3, 80.0, NOISE, new GatePolicy(0.01, 5)).threshold()).isLessThan(three);
        assertThat(FixtureCheck.of(80, 3, 80.0, NOISE, new GatePolicy(0.01, 500)).threshold()).isGreaterThan(three);
    }

    @Test
    void anEstimatedSeedSpreadWidensTheGateByStudentsT() {
        NoiseModel fewSeeds = new NoiseModel(0.6, 9, 0.1, 0.2, 0);
        FixtureCheck t9 = FixtureCheck.of(80, 3, 80.0, fewSeeds, POLICY);
        assertThat(t9.critical()).isGreaterThan(POLICY.critical(0) + 1); // t(9) has heavy tails at 1.6e-4
        assertThat(t9.threshold()).isGreaterThan(FixtureCheck.of(80, 3, 80.0, NOISE, POLICY).threshold());
    }

    @Test
    void anAllowanceIsASystematicBandOnTopOfTheNoise() {
        NoiseModel banded = new NoiseModel(0.6, 0, 0.1, 0.2, 2.0);
        FixtureCheck c = FixtureCheck.of(78.5, 3, 80.0, banded, POLICY);
        assertThat(c.threshold()).isCloseTo(2.0 + 1.55607301, within(1e-6));
        assertThat(c.z()).isZero(); // inside the band: no excess
        assertThat(FixtureCheck.of(80 + 3.6, 3, 80.0, banded, POLICY).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void aBandWithoutNoiseIsTheOldFixedTolerance() {
        FixtureCheck c = FixtureCheck.of(75.27, 1, 75.3, NoiseModel.band(0.03), POLICY);
        assertThat(c.status()).isEqualTo(Status.PASS);
        assertThat(c.threshold()).isEqualTo(0.03);
        assertThat(c.z()).isNaN();
        assertThat(FixtureCheck.of(75.26, 1, 75.3, NoiseModel.band(0.03), POLICY).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void recordOnlyIsNeverAPassAndNaNIsAFail() {
        assertThat(FixtureCheck.of(80, 3, null, NOISE, POLICY).status()).isEqualTo(Status.RECORDED);
        assertThat(FixtureCheck.of(Double.NaN, 3, 80.0, NOISE, POLICY).status()).isEqualTo(Status.FAIL);
        assertThatThrownBy(() -> new NoiseModel(-0.1, 0, 0, 0, 0)).hasMessageContaining("sd_seed");
    }

    @Test
    void suiteTestsUseEachFrameworksMeanZ() {
        // frameworks a: z 1 and 1 (mean 1), b: -0.5, c: 2 -> S = 2.5 / sqrt(3) = 1.443376, X = 1 + 0.25 + 4 = 5.25
        SuiteCheck s = SuiteCheck.of(List.of(new SuiteCheck.Entry("a", 1), new SuiteCheck.Entry("a", 1),
                new SuiteCheck.Entry("b", -0.5), new SuiteCheck.Entry("c", 2), new SuiteCheck.Entry("d", Double.NaN)),
                POLICY);
        assertThat(s.groups()).isEqualTo(3);
        assertThat(s.shift()).isCloseTo(1.4433757, within(1e-6));
        assertThat(s.spread()).isCloseTo(5.25, within(1e-12));
        assertThat(s.shiftP()).isCloseTo(0.148915, within(1e-5)); // 2 x (1 - Phi(1.443376))
        assertThat(s.spreadP()).isCloseTo(0.154380, within(1e-5)); // chi-square(3) upper tail at 5.25
        assertThat(s.status()).isEqualTo(Status.PASS);
        // a small shift in every one of 10 frameworks, each inside its own gate, fails the suite-level shift test
        List<SuiteCheck.Entry> drift = java.util.stream.IntStream.range(0, 10)
                .mapToObj(i -> new SuiteCheck.Entry("f" + i, -1.3)).toList();
        assertThat(SuiteCheck.of(drift, POLICY).status()).isEqualTo(Status.FAIL);
        assertThat(SuiteCheck.of(List.of(), POLICY).status()).isEqualTo(Status.RECORDED);
    }

    @Test
    void calibrationSeparatesSeedNoiseFromEnvironmentShifts() {
        // two environments, 3 seeds each: means 1 and 3, within ss 2 + 2 -> msw = 1 (df 4);
        // msb = 3 x (1 + 1) / 1 = 6, n0 = (6 - 18/6) / 1 = 3 -> sd_numeric = sqrt((6 - 1) / 3) = 1.290994
        Calibration c = Calibration.of(new java.util.LinkedHashMap<>(Map.of("a", new double[] {0, 1, 2})) {
            {
                put("b", new double[] {2, 3, 4});
            }
        });
        assertThat(c.mean()).isEqualTo(2.0);
        assertThat(c.sdSeed()).isCloseTo(1.0, within(1e-12));
        assertThat(c.seedDf()).isEqualTo(4);
        assertThat(c.sdNumeric()).isCloseTo(1.2909944, within(1e-6));
        assertThat(c.environmentRange()).isEqualTo(2.0);
        // environments that only act like new seeds add nothing
        Calibration same = Calibration.of(Map.of("a", new double[] {0, 2}, "b", new double[] {2, 0}));
        assertThat(same.sdNumeric()).isZero();
    }
}
