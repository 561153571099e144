package io.yalas.model.eval;

import java.util.Arrays;

/** ROC figures for "higher score = more anomalous", with ties counted as half. */
public final class Roc {
    private Roc() {
    }

    /**
     * Area under the ROC curve: the probability that a random positive scores above a random negative
     * (Mann-Whitney U / (n_pos n_neg)), computed from ranks in O(n log n). NaN if either side is empty.
     */
    public static double auc(double[] negatives, double[] positives) {
        int n = negatives.length;
        int p = positives.length;
        if (n == 0 || p == 0) {
            return Double.NaN;
        }
        double[] all = new double[n + p];
        System.arraycopy(negatives, 0, all, 0, n);
        System.arraycopy(positives, 0, all, n, p);
        Integer[] order = new Integer[n + p];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
        double positiveRankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && Double.compare(all[order[j + 1]], all[order[i]]) == 0) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (order[k] >= n) {
                    positiveRankSum += avgRank;
                }
            }
            i = j + 1;
        }
        return (positiveRankSum - p * (p + 1) / 2.0) / ((double) n * p);
    }

    /**
     * Detection rate at a false-alarm rate: the threshold is the smallest negative score such that at
     * most {@code fpr} of the negatives are strictly above it, and the rate is the fraction of positives
     * strictly above that threshold.
     */
    public static double detectionRateAtFpr(double[] negatives, double[] positives, double fpr) {
        if (negatives.length == 0 || positives.length == 0) {
            return Double.NaN;
        }
        return rateAbove(positives, thresholdAtFpr(negatives, fpr));
    }

    /** The score threshold that lets at most {@code fpr} of {@code negatives} through (strictly above). */
    public static double thresholdAtFpr(double[] negatives, double fpr) {
        double[] sorted = negatives.clone();
        Arrays.sort(sorted);
        int allowed = (int) Math.floor(fpr * sorted.length);
        return sorted[sorted.length - 1 - allowed];
    }

    /** Fraction of {@code scores} strictly above {@code threshold}. */
    public static double rateAbove(double[] scores, double threshold) {
        if (scores.length == 0) {
            return Double.NaN;
        }
        return (double) Arrays.stream(scores).filter(s -> s > threshold).count() / scores.length;
    }
}
