package dev.lottery.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Two suite-level tests over the fixtures' standardised differences, for a small shift in many
 * fixtures that no single gate sees. A framework's variants share its heads, so their z values are
 * correlated by an unknown amount; frameworks are independent. Each framework's mean z therefore has
 * variance at most 1 (Cauchy-Schwarz), whatever the correlation, and both tests are built on those
 * G means, which makes them conservative (false-alarm rate at most the nominal one):
 * <ul>
 *   <li>shift (Stouffer): S = sum of the G means / sqrt(G), two-sided against N(0, 1): a drift of
 *       many fixtures in one direction;</li>
 *   <li>spread: X = sum of the squared means, upper tail of chi-square with G degrees of freedom:
 *       frameworks moving in different directions.</li>
 * </ul>
 * Each test gets {@link GatePolicy#suiteTestAlpha()}.
 *
 * @param groups  G, the frameworks with at least one calibrated checked fixture
 * @param shift   S (NaN when G is 0)
 * @param shiftP  two-sided p-value of S
 * @param spread  X
 * @param spreadP upper-tail p-value of X
 * @param alpha   the rate each test is held to
 */
public record SuiteCheck(int groups, double shift, double shiftP, double spread, double spreadP, double alpha,
        Status status) {

    /** One calibrated fixture's contribution: its framework and its z. */
    public record Entry(String group, double z) {}

    public static SuiteCheck of(List<Entry> entries, GatePolicy policy) {
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (Double.isFinite(e.z())) {
                double[] s = sums.computeIfAbsent(e.group(), g -> new double[2]);
                s[0] += e.z();
                s[1]++;
            }
        }
        int g = sums.size();
        double alpha = policy.suiteTestAlpha();
        if (g == 0) {
            return new SuiteCheck(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, alpha, Status.RECORDED);
        }
        double sum = 0;
        double squares = 0;
        for (double[] s : sums.values()) {
            double mean = s[0] / s[1];
            sum += mean;
            squares += mean * mean;
        }
        double shift = sum / Math.sqrt(g);
        double shiftP = Math.min(1, 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(shift)));
        double spreadP = 1 - new ChiSquaredDistribution(null, g).cumulativeProbability(squares);
        Status status = shiftP < alpha || spreadP < alpha ? Status.FAIL : Status.PASS;
        return new SuiteCheck(g, shift, shiftP, squares, spreadP, alpha, status);
    }
}
