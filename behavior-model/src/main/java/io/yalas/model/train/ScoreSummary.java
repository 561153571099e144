package io.yalas.model.train;

import java.util.Arrays;

/**
 * Distribution of held-out process scores on the model's own training data.
 *
 * @param count     processes scored
 * @param mean      mean score
 * @param stddev    standard deviation
 * @param quantiles probabilities, ascending (e.g. 0.5, 0.9, 0.95, 0.99, 1.0)
 * @param values    the score at each quantile
 */
public record ScoreSummary(int count, double mean, double stddev, double[] quantiles, double[] values) {
    static final double[] STANDARD_QUANTILES = {0.5, 0.9, 0.95, 0.99, 1.0};

    /** Summary of the given scores (sorted ascending in place). */
    static ScoreSummary of(double[] sortedScores) {
        int n = sortedScores.length;
        double mean = Arrays.stream(sortedScores).average().orElse(Double.NaN);
        double var = Arrays.stream(sortedScores).map(s -> (s - mean) * (s - mean)).sum() / Math.max(1, n - 1);
        double[] values = new double[STANDARD_QUANTILES.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = n == 0 ? Double.NaN : sortedScores[Math.min(n - 1, (int) Math.ceil(STANDARD_QUANTILES[i] * n) - 1)];
        }
        return new ScoreSummary(n, mean, Math.sqrt(var), STANDARD_QUANTILES.clone(), values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreSummary s && count == s.count && Double.compare(mean, s.mean) == 0
                && Double.compare(stddev, s.stddev) == 0 && Arrays.equals(quantiles, s.quantiles)
                && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * Integer.hashCode(count) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ScoreSummary[count=" + count + ", mean=" + mean + ", stddev=" + stddev
                + ", quantiles=" + Arrays.toString(quantiles) + ", values=" + Arrays.toString(values) + "]";
    }
}
