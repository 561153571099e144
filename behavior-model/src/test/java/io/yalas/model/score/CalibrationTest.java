package io.yalas.model.score;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {
    static Calibration.HeldOut run(double markov, double set) {
        return new Calibration.HeldOut(markov, set, new double[] {markov}, new double[] {set});
    }

    static List<Calibration.HeldOut> sample(Random r, int n) {
        List<Calibration.HeldOut> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double m = r.nextGaussian();
            // a correlated, discrete second score with many ties (like set distances)
            double s = Math.max(0, Math.round((0.5 * m + r.nextGaussian()) * 4) / 4.0);
            out.add(run(m, s));
        }
        return out;
    }

    @Test
    void pValuesAreConformalRanks() {
        Calibration c = new Calibration(Calibration.Rule.FISHER, new double[] {3, 1, 2, 4}, new double[] {0, 0, 0.5, 1}, 5, 0.05, 0);
        assertEquals(5 / 5.0, c.pMarkov(0.5), 1e-12);
        assertEquals(5 / 5.0, c.pMarkov(1), 1e-12);   // (1 + #{held-out >= 1}) / (n + 1): the score counts itself in
        assertEquals(4 / 5.0, c.pMarkov(1.5), 1e-12);
        assertEquals(2 / 5.0, c.pMarkov(3.5), 1e-12);
        assertEquals(1 / 5.0, c.pMarkov(9), 1e-12);
        assertEquals(5 / 5.0, c.pSet(0), 1e-12);       // ties count as "at least as extreme": conservative
        assertEquals(3 / 5.0, c.pSet(0.5), 1e-12);
        assertEquals(-2 * Math.log(0.4 * 0.6), c.statistic(3.5, 0.5), 1e-12);
    }

    @Test
    void pValuesOfExchangeableNewScoresAreValid() {
        Random r = new Random(1);
        int n = 99;
        int trials = 20000;
        int belowFivePercent = 0;
        int belowTwentyPercent = 0;
        double[] cal = new double[n];
        for (int i = 0; i < n; i++) {
            cal[i] = r.nextGaussian();
        }
        Calibration c = new Calibration(Calibration.Rule.FISHER, cal, new double[] {0}, 1, 0.05, 0);
        for (int t = 0; t < trials; t++) {
            double p = c.pMarkov(r.nextGaussian());
            belowFivePercent += p <= 0.05 ? 1 : 0;
            belowTwentyPercent += p <= 0.20 ? 1 : 0;
        }
        // P(p <= a) <= a up to sampling error of the calibration set and the trials
        assertTrue(belowFivePercent / (double) trials < 0.05 + 0.03, "" + belowFivePercent / (double) trials);
        assertTrue(belowTwentyPercent / (double) trials < 0.20 + 0.05, "" + belowTwentyPercent / (double) trials);
    }

    @Test
    void fisherCombinesTwoModeratelySmallPValuesIntoALargeStatistic() {
        assertEquals(-2 * Math.log(0.1 * 0.2), Calibration.combine(Calibration.Rule.FISHER, 0.1, 0.2), 1e-12);
        assertEquals(0, Calibration.combine(Calibration.Rule.FISHER, 1, 1), 0);
        assertTrue(Calibration.combine(Calibration.Rule.FISHER, 0.05, 0.05) > Calibration.combine(Calibration.Rule.FISHER, 0.01, 1));
    }

    @Test
    void thresholdIsTheConformalQuantileOfLeaveOneOutStatistics() {
        Random r = new Random(2);
        List<Calibration.HeldOut> held = sample(r, 199);
        Calibration c = Calibration.fit(Calibration.Rule.FISHER, held, 0.05);
        // recompute by brute force
        double[] stats = new double[held.size()];
        for (int i = 0; i < held.size(); i++) {
            int geM = 0;
            int geS = 0;
            for (int j = 0; j < held.size(); j++) {
                if (j != i) {
                    geM += held.get(j).markovScore() >= held.get(i).markovScore() ? 1 : 0;
                    geS += held.get(j).setScore() >= held.get(i).setScore() ? 1 : 0;
                }
            }
            stats[i] = -2 * (Math.log((1.0 + geM) / 199) + Math.log((1.0 + geS) / 199));
        }
        Arrays.sort(stats);
        assertEquals(stats[(int) Math.ceil(200 * 0.95) - 1], c.threshold(), 1e-12);
        assertTrue(c.heldOutFpr() <= 0.05);
        assertEquals(199, c.heldOutProcesses());

        // fresh exchangeable processes exceed the threshold about targetFpr of the time
        int above = 0;
        List<Calibration.HeldOut> fresh = sample(r, 4000);
        for (Calibration.HeldOut h : fresh) {
            above += c.statistic(h.markovScore(), h.setScore()) > c.threshold() ? 1 : 0;
        }
        assertTrue(above / 4000.0 < 0.05 + 0.03, "fresh fpr " + above / 4000.0);
    }

    @Test
    void windowThresholdIsExactlyWhereTheStatisticCrossesTheThreshold() {
        Random r = new Random(3);
        Calibration c = Calibration.fit(Calibration.Rule.FISHER, sample(r, 150), 0.02);
        double[] ds = {0, 0.25, 0.5, 0.75, 1, 1.25, 2, 5};
        for (double d : ds) {
            double wt = c.windowThreshold(d);
            for (double w : c.markovScores()) {
                for (double x : new double[] {w, Math.nextUp(w), Math.nextDown(w)}) {
                    assertEquals(c.statistic(x, d) > c.threshold(), x > wt, "w " + x + " d " + d);
                }
            }
        }
        // a set distance beyond every held-out one can be enough on its own, and a tiny one never is
        Calibration strict = new Calibration(Calibration.Rule.FISHER, new double[] {1, 2, 3}, new double[] {0, 0, 0}, 2.0, 0.05, 0);
        assertEquals(Double.NEGATIVE_INFINITY, strict.windowThreshold(9));   // p_set = 1/4: -2 ln(1/4) > 2
        Calibration lax = new Calibration(Calibration.Rule.FISHER, new double[] {1, 2, 3}, new double[] {0, 0, 0}, 100, 0.05, 0);
        assertEquals(Double.POSITIVE_INFINITY, lax.windowThreshold(0));
    }

    @Test
    void tooLittleHeldOutDataIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.fit(Calibration.Rule.FISHER, List.of(run(1, 0)), 0.05));
        assertThrows(IllegalArgumentException.class, () -> new Calibration(Calibration.Rule.FISHER, new double[0], new double[] {1}, 1, 0.05, 0));
    }
}
