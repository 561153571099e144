package io.yalas.bench.cover;

import io.yalas.model.score.Calibration;

import java.util.Arrays;

/**
 * Conformal p-values of any subset of detectors against held-out normal scores, combined by Fisher's
 * method, and the threshold at the conformal (1 - targetFpr) quantile of the held-out statistics (each
 * with its own score left out), as the product's {@link Calibration} does for two detectors.
 *
 * <p>The product takes a process's highest statistic over time; here each detector's process score is
 * combined once, at the end. On ADFA-LD the two give the same Markov + set figures to the third decimal.
 */
final class FisherCombination {
    private final double[][] heldOutSorted;
    private final double[][] heldOut;
    private final int[] detectors;
    private final double threshold;

    /**
     * @param heldOut   per held-out process, one score per detector ({@link Detectors#scores})
     * @param detectors which detectors (indexes into a score vector) are combined
     */
    FisherCombination(double[][] heldOut, int[] detectors, double targetFpr) {
        this.heldOut = heldOut;
        this.detectors = detectors.clone();
        int width = heldOut[0].length;
        heldOutSorted = new double[width][heldOut.length];
        for (int i = 0; i < heldOut.length; i++) {
            for (int d = 0; d < width; d++) {
                heldOutSorted[d][i] = heldOut[i][d];
            }
        }
        for (double[] s : heldOutSorted) {
            Arrays.sort(s);
        }
        double[] stats = new double[heldOut.length];
        for (int i = 0; i < heldOut.length; i++) {
            stats[i] = statistic(heldOut[i], true);
        }
        Arrays.sort(stats);
        threshold = Calibration.conformalQuantile(stats, targetFpr);
    }

    double threshold() {
        return threshold;
    }

    /** Fisher's statistic of a new process's scores. */
    double statistic(double[] scores) {
        return statistic(scores, false);
    }

    /** Fisher's statistic of a held-out process, its own score left out of its p-values (as for the threshold). */
    double heldOutStatistic(double[] scores) {
        return statistic(scores, true);
    }

    /** Conformal p-value of a new score on detector {@code d}. */
    double p(int d, double score) {
        return (1.0 + Calibration.atLeast(heldOutSorted[d], score)) / (heldOut.length + 1);
    }

    private double statistic(double[] scores, boolean ownIncluded) {
        double sum = 0;
        for (int d : detectors) {
            // A held-out process's own score is among the held-out ones: leave it out of its p-value.
            double p = ownIncluded ? (double) Calibration.atLeast(heldOutSorted[d], scores[d]) / heldOut.length : p(d, scores[d]);
            sum += Math.log(p);
        }
        return -2 * sum;
    }
}
