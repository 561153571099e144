package io.yalas.model.train;

/**
 * The alert threshold on window scores and how it was derived.
 *
 * @param targetFpr        false-alarm rate per process the threshold aims at
 * @param value            alert when a window's mean surprisal (nats/event) exceeds this
 * @param window           window length in events the scores were computed over
 * @param folds            cross-validation folds used
 * @param heldOutProcesses held-out processes whose scores set the threshold
 * @param heldOutFpr       fraction of those processes above the threshold
 */
public record Threshold(double targetFpr, double value, int window, int folds, int heldOutProcesses, double heldOutFpr) {

    /**
     * The split-conformal quantile: the ceil((n+1)(1-fpr))-th smallest held-out score. For exchangeable
     * normal processes a new one exceeds it with probability at most fpr; with too few processes for
     * that rank the threshold is the largest score seen.
     */
    static double conformalQuantile(double[] sortedScores, double targetFpr) {
        int n = sortedScores.length;
        if (n == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int rank = (int) Math.ceil((n + 1) * (1 - targetFpr));
        return sortedScores[Math.min(n, Math.max(1, rank)) - 1];
    }
}
