package io.yalas.bench.cover;

/**
 * Logistic regression by Newton's method (iteratively reweighted least squares) on standardised features,
 * with a tiny ridge so that separable data still converge. Small and dense: a handful of features, a few
 * thousand rows. Used only to bound what a combination of signals can reach ({@link SignalCeiling}).
 */
final class LogisticRegression {
    private static final double RIDGE = 1e-6;
    private static final int ITERATIONS = 50;

    private LogisticRegression() {
    }

    /**
     * Fits negatives (label 0) against positives (label 1). Returns the weights on standardised features:
     * {@code [bias, w_1..w_d, mean_1..mean_d, sd_1..sd_d]}, the form {@link #apply} reads.
     */
    static double[] fit(double[][] negatives, double[][] positives) {
        int d = negatives[0].length;
        int n = negatives.length + positives.length;
        double[][] x = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < negatives.length; i++) {
            x[i] = negatives[i];
        }
        for (int i = 0; i < positives.length; i++) {
            x[negatives.length + i] = positives[i];
            y[negatives.length + i] = 1;
        }
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / n;
            }
        }
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / n;
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = sd[j] > 0 ? Math.sqrt(sd[j]) : 1;
        }
        int k = d + 1;
        double[] w = new double[k];
        for (int it = 0; it < ITERATIONS; it++) {
            double[] grad = new double[k];
            double[][] hess = new double[k][k];
            for (int i = 0; i < n; i++) {
                double[] z = features(x[i], mean, sd);
                double p = 1 / (1 + Math.exp(-dot(w, z)));
                double v = p * (1 - p);
                for (int a = 0; a < k; a++) {
                    grad[a] += (y[i] - p) * z[a];
                    for (int b = 0; b < k; b++) {
                        hess[a][b] += v * z[a] * z[b];
                    }
                }
            }
            for (int a = 0; a < k; a++) {
                grad[a] -= RIDGE * w[a];
                hess[a][a] += RIDGE;
            }
            double[] step = solve(hess, grad);
            double size = 0;
            for (int a = 0; a < k; a++) {
                w[a] += step[a];
                size += Math.abs(step[a]);
            }
            if (size < 1e-10) {
                break;
            }
        }
        double[] out = new double[k + 2 * d];
        System.arraycopy(w, 0, out, 0, k);
        System.arraycopy(mean, 0, out, k, d);
        System.arraycopy(sd, 0, out, k + d, d);
        return out;
    }

    /** The fitted log-odds of each row (monotone in the probability, so enough for an AUC). */
    static double[] apply(double[] model, double[][] rows) {
        int d = (model.length - 1) / 3;
        double[] w = java.util.Arrays.copyOf(model, d + 1);
        double[] mean = java.util.Arrays.copyOfRange(model, d + 1, 2 * d + 1);
        double[] sd = java.util.Arrays.copyOfRange(model, 2 * d + 1, 3 * d + 1);
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = dot(w, features(rows[i], mean, sd));
        }
        return out;
    }

    private static double[] features(double[] row, double[] mean, double[] sd) {
        double[] z = new double[row.length + 1];
        z[0] = 1;
        for (int j = 0; j < row.length; j++) {
            z[j + 1] = (row[j] - mean[j]) / sd[j];
        }
        return z;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Solves a x = b by Gaussian elimination with partial pivoting (a is small and positive definite). */
    private static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        double[] r = b.clone();
        for (int i = 0; i < n; i++) {
            m[i] = a[i].clone();
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int i = c + 1; i < n; i++) {
                if (Math.abs(m[i][c]) > Math.abs(m[pivot][c])) {
                    pivot = i;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            double tr = r[c];
            r[c] = r[pivot];
            r[pivot] = tr;
            for (int i = c + 1; i < n; i++) {
                double f = m[i][c] / m[c][c];
                for (int j = c; j < n; j++) {
                    m[i][j] -= f * m[c][j];
                }
                r[i] -= f * r[c];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = r[i];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
