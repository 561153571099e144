package io.yalas.model.score;

import java.util.Arrays;
import java.util.List;

/**
 * Turns each detector's score into a conformal p-value against held-out normal processes and combines
 * the p-values with a rule fixed in advance; the alert threshold is a conformal quantile of the combined
 * statistic on the same held-out processes.
 *
 * <p>Held-out scores come from the model's own training data: each training process is scored by a
 * model learned on the other folds (see {@code ModelTrainer}). For a detector with held-out scores
 * {@code s_1..s_n}, a new score s gets {@code p(s) = (1 + #{i: s_i >= s}) / (n + 1)}: for a new normal
 * process exchangeable with the training ones, {@code P(p <= a) <= a}. Ties and discrete scores only make
 * it conservative.
 *
 * <p>Combination ({@link Rule#FISHER}): {@code X = -2 (ln p_markov + ln p_set)}. Fisher's statistic
 * does not assume the two detectors agree: one very small p-value or two moderately small ones both
 * give a large X. It is not chi-square distributed here (the detectors are correlated and the p-values
 * discrete), so the threshold is not read from a table: it is the conformal (1 - targetFpr) quantile of
 * X over the held-out processes, each computed with leave-one-out p-values (its own score excluded).
 *
 * <p>A process's statistic is the highest X over its life, X(window score at t, set distance at t), over
 * full windows (or over the whole process if it ends before filling one), exactly as the streaming
 * scorer computes it.
 */
public final class Calibration {
    /** How p-values are combined. Only Fisher's method so far; the enum leaves room for others. */
    public enum Rule { FISHER }

    private final Rule rule;
    private final double[] markov;
    private final double[] set;
    private final double threshold;
    private final double targetFpr;
    private final double heldOutFpr;

    /**
     * @param markov     held-out Markov process scores (highest full-window mean surprisal), any order
     * @param set        held-out set-novelty scores (nearest Jaccard distance at the end of the process)
     * @param threshold  alert when the combined statistic exceeds this
     * @param targetFpr  false-alarm rate per process the threshold was derived for
     * @param heldOutFpr fraction of held-out processes whose statistic exceeds the threshold
     */
    public Calibration(Rule rule, double[] markov, double[] set, double threshold, double targetFpr, double heldOutFpr) {
        if (markov.length == 0 || set.length == 0) {
            throw new IllegalArgumentException("calibration needs held-out scores for every detector");
        }
        this.rule = rule;
        this.markov = markov.clone();
        this.set = set.clone();
        Arrays.sort(this.markov);
        Arrays.sort(this.set);
        this.threshold = threshold;
        this.targetFpr = targetFpr;
        this.heldOutFpr = heldOutFpr;
    }

    /** One held-out process: the (window score, set distance) pairs at which its statistic may peak. */
    public record HeldOut(double markovScore, double setScore, double[] windows, double[] distances) {
    }

    /**
     * Fits the threshold: leave-one-out combined statistics of the held-out processes, then their
     * conformal (1 - targetFpr) quantile.
     */
    public static Calibration fit(Rule rule, List<HeldOut> heldOut, double targetFpr) {
        int n = heldOut.size();
        if (n < 2) {
            throw new IllegalArgumentException("need at least two held-out processes, got " + n);
        }
        double[] markov = heldOut.stream().mapToDouble(HeldOut::markovScore).sorted().toArray();
        double[] set = heldOut.stream().mapToDouble(HeldOut::setScore).sorted().toArray();
        double[] stats = new double[n];
        for (int i = 0; i < n; i++) {
            HeldOut h = heldOut.get(i);
            double best = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < h.windows().length; j++) {
                double pm = leaveOneOut(markov, h.windows()[j], h.markovScore());
                double ps = leaveOneOut(set, h.distances()[j], h.setScore());
                best = Math.max(best, combine(rule, pm, ps));
            }
            stats[i] = best;
        }
        Arrays.sort(stats);
        double threshold = conformalQuantile(stats, targetFpr);
        long above = Arrays.stream(stats).filter(s -> s > threshold).count();
        return new Calibration(rule, markov, set, threshold, targetFpr, (double) above / n);
    }

    /** The ceil((n+1)(1-fpr))-th smallest of {@code sorted}, or the largest when n is too small. */
    public static double conformalQuantile(double[] sorted, double fpr) {
        int n = sorted.length;
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int rank = (int) Math.ceil((n + 1) * (1 - fpr));
        return sorted[Math.min(n, Math.max(1, rank)) - 1];
    }

    private static double leaveOneOut(double[] sorted, double s, double own) {
        int atLeast = atLeast(sorted, s) - (own >= s ? 1 : 0);
        return (1.0 + atLeast) / sorted.length;
    }

    /** Number of values in {@code sorted} (ascending) that are >= s: the count behind a conformal p-value. */
    public static int atLeast(double[] sorted, double s) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < s) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return sorted.length - lo;
    }

    static double combine(Rule rule, double pMarkov, double pSet) {
        return switch (rule) {
            case FISHER -> -2 * (Math.log(pMarkov) + Math.log(pSet));
        };
    }

    /** Conformal p-value of a Markov window or process score. */
    public double pMarkov(double score) {
        return (1.0 + atLeast(markov, score)) / (markov.length + 1);
    }

    /** Conformal p-value of a set-novelty score. */
    public double pSet(double distance) {
        return (1.0 + atLeast(set, distance)) / (set.length + 1);
    }

    /** The combined statistic of a Markov score and a set distance. */
    public double statistic(double markovScore, double setDistance) {
        return combine(rule, pMarkov(markovScore), pSet(setDistance));
    }

    /**
     * The Markov window score above which the statistic exceeds the threshold at this set distance:
     * {@code statistic(w, d) > threshold} exactly when {@code w > windowThreshold(d)}. Positive infinity
     * when no window score is enough, negative infinity when the set distance alone is.
     */
    public double windowThreshold(double setDistance) {
        double ps = pSet(setDistance);
        int n = markov.length;
        // g = #{held-out >= w}; the statistic falls as g grows. Find the largest g that still alerts.
        if (!(combine(rule, 1.0 / (n + 1), ps) > threshold)) {
            return Double.POSITIVE_INFINITY;
        }
        if (combine(rule, (1.0 + n) / (n + 1), ps) > threshold) {
            return Double.NEGATIVE_INFINITY;
        }
        int lo = 0;
        int hi = n; // alerts at lo, not at hi
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (combine(rule, (1.0 + mid) / (n + 1), ps) > threshold) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        // w alerts iff #{>= w} <= lo iff w > the (lo+1)-th largest value.
        return markov[n - 1 - lo];
    }

    public Rule rule() {
        return rule;
    }

    /** Held-out Markov scores, ascending (copy). */
    public double[] markovScores() {
        return markov.clone();
    }

    /** Held-out set-novelty scores, ascending (copy). */
    public double[] setScores() {
        return set.clone();
    }

    public double threshold() {
        return threshold;
    }

    public double targetFpr() {
        return targetFpr;
    }

    public double heldOutFpr() {
        return heldOutFpr;
    }

    public int heldOutProcesses() {
        return markov.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Calibration c && rule == c.rule && Arrays.equals(markov, c.markov) && Arrays.equals(set, c.set)
                && Double.compare(threshold, c.threshold) == 0 && Double.compare(targetFpr, c.targetFpr) == 0
                && Double.compare(heldOutFpr, c.heldOutFpr) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(markov) + Double.hashCode(threshold);
    }

    @Override
    public String toString() {
        return "Calibration[" + rule + ", " + markov.length + " held-out processes, threshold " + threshold
                + ", target FPR " + targetFpr + ", held-out FPR " + heldOutFpr + "]";
    }
}
