package io.yalas.bench.cover;

import io.yalas.model.eval.Roc;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.score.Calibration;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.train.ModelTrainer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The {@code benchmarks/run ceiling} harness: how far could any combination of the signals we have go on
 * ADFA-LD? A logistic regression is fitted <em>on the attack labels</em> of the very traces it is then
 * judged on (in-sample), over the per-process signals: the product's Markov window score and set distance,
 * the two covering scores, the median per-event surprisal and the log length. That AUC is an optimistic
 * upper bound for every unsupervised rule over the same signals; if it stays below the target, no
 * combination rule or weighting reaches it and new information is needed (more normal data, or a
 * signal not in the list). Also reports a more conservative threshold (the highest of the per-fold
 * conformal quantiles) and how its false alarms transfer to the validation normals, and each signal's AUC
 * when every trace is scored from its midpoint (what a signal owes to the attack traces beginning
 * mid-process). Nothing here is
 * used by the product. The last line is one JSON object.
 */
public final class SignalCeiling {
    private static final List<String> SIGNALS = List.of("markov", "set", "breaks", "match", "median_surprisal", "log_length");
    private static final Map<String, int[]> FITS = new LinkedHashMap<>();
    private static final int I386_EXECVE = 11;
    private static final int I386_BRK = 45;

    static {
        FITS.put("markov+set", new int[] {0, 1});
        FITS.put("markov+set+median+length", new int[] {0, 1, 4, 5});
        FITS.put("all six signals", new int[] {0, 1, 2, 3, 4, 5});
    }

    private SignalCeiling() {
    }

    public static void main(String[] args) {
        ModelConfig config = ModelConfig.DEFAULT;
        AdfaSplit adfa = AdfaSplit.load();
        List<int[]> train = adfa.train();
        List<String> family = adfa.family();

        Detectors full = Detectors.learn(config, train);
        double[][] neg = adfa.normal().stream().map(t -> signals(full, t)).toArray(double[][]::new);
        double[][] pos = adfa.attacks().stream().map(t -> signals(full, t)).toArray(double[][]::new);

        StringBuilder json = new StringBuilder("{\"signals\":{");
        System.out.println("== each signal alone (higher = more anomalous), AUC validation normals vs attacks");
        for (int s = 0; s < SIGNALS.size(); s++) {
            int ss = s;
            double auc = Roc.auc(column(neg, s), column(pos, s));
            System.out.printf(Locale.ROOT, "   %-18s %.4f  %s%n", SIGNALS.get(s), auc, perFamily(column(neg, s), column(pos, s), family));
            json.append(s == 0 ? "" : ",").append('"').append(SIGNALS.get(ss)).append("\":").append(fmt(auc));
        }
        json.append("},\"from_midpoint\":{");
        printTraceStarts(adfa);
        System.out.println("== each signal alone, normal and attack traces alike scored from their midpoint (a process joined mid-stream)");
        double[][] negMid = adfa.normal().stream().map(t -> signals(full, secondHalf(t))).toArray(double[][]::new);
        double[][] posMid = adfa.attacks().stream().map(t -> signals(full, secondHalf(t))).toArray(double[][]::new);
        for (int s = 0; s < SIGNALS.size(); s++) {
            double auc = Roc.auc(column(negMid, s), column(posMid, s));
            System.out.printf(Locale.ROOT, "   %-18s %.4f  %s%n", SIGNALS.get(s), auc, perFamily(column(negMid, s), column(posMid, s), family));
            json.append(s == 0 ? "" : ",").append('"').append(SIGNALS.get(s)).append("\":").append(fmt(auc));
        }
        json.append("},\"supervised_in_sample\":{");
        System.out.println("== logistic regression fitted on the attack labels it is judged on (an upper bound, not a detector)");
        boolean first = true;
        for (Map.Entry<String, int[]> fit : FITS.entrySet()) {
            double[] w = LogisticRegression.fit(select(neg, fit.getValue()), select(pos, fit.getValue()));
            double[] n = LogisticRegression.apply(w, select(neg, fit.getValue()));
            double[] p = LogisticRegression.apply(w, select(pos, fit.getValue()));
            double auc = Roc.auc(n, p);
            System.out.printf(Locale.ROOT, "   %-26s AUC %.4f  %s%n", fit.getKey(), auc, perFamily(n, p, family));
            json.append(first ? "" : ",").append('"').append(fit.getKey()).append("\":").append(fmt(auc));
            first = false;
        }
        json.append('}');

        double[][] heldOut = Detectors.heldOut(config, train);
        FisherCombination product = new FisherCombination(heldOut, new int[] {0, 1}, config.targetFpr());
        double[] negStat = Arrays.stream(neg).mapToDouble(product::statistic).toArray();
        double midAuc = Roc.auc(Arrays.stream(negMid).mapToDouble(product::statistic).toArray(),
                Arrays.stream(posMid).mapToDouble(product::statistic).toArray());
        System.out.printf(Locale.ROOT, "== Markov + set, Fisher-combined as in the product: AUC %.4f whole traces, %.4f from the midpoint%n",
                Roc.auc(negStat, Arrays.stream(pos).mapToDouble(product::statistic).toArray()), midAuc);
        json.append(",\"product_auc_from_midpoint\":").append(fmt(midAuc));
        double pooled = product.threshold();
        double perFold = maxFoldThreshold(product, heldOut, config, true);
        double everyFold = maxFoldThreshold(product, heldOut, config, false);
        System.out.printf(Locale.ROOT, "== Markov + set threshold: pooled held-out quantile %.3f -> %.4f of validation normals above;"
                + " highest per-fold quantile %.3f -> %.4f above (detection %.3f -> %.3f)%n",
                pooled, Roc.rateAbove(negStat, pooled), perFold, Roc.rateAbove(negStat, perFold),
                Roc.rateAbove(Arrays.stream(pos).mapToDouble(product::statistic).toArray(), pooled),
                Roc.rateAbove(Arrays.stream(pos).mapToDouble(product::statistic).toArray(), perFold));
        System.out.printf(Locale.ROOT, "   lowest threshold that keeps every fold's own false-alarm rate <= target: %.3f -> %.4f above (detection %.3f)%n",
                everyFold, Roc.rateAbove(negStat, everyFold), Roc.rateAbove(Arrays.stream(pos).mapToDouble(product::statistic).toArray(), everyFold));
        json.append(",\"threshold_fpr_pooled\":").append(fmt(Roc.rateAbove(negStat, pooled)))
                .append(",\"threshold_fpr_max_fold\":").append(fmt(Roc.rateAbove(negStat, perFold)))
                .append(",\"threshold_fpr_every_fold\":").append(fmt(Roc.rateAbove(negStat, everyFold))).append('}');
        System.out.println(json);
    }

    /**
     * How the traces begin: ADFA-LD's attack traces mostly start in the middle of a process (no execve, no
     * brk), its normal traces mostly at exec or fork. A signal that loses much of its AUC when every trace is
     * scored from its midpoint was partly detecting that, which a sensor watching processes from exec never sees.
     */
    private static void printTraceStarts(AdfaSplit adfa) {
        System.out.println("== share of traces that contain execve (i386 11) / brk (45): the attack traces mostly begin mid-process");
        Map<String, List<int[]>> groups = new LinkedHashMap<>();
        groups.put("training", adfa.train());
        groups.put("validation normals", adfa.normal());
        groups.put("attacks", adfa.attacks());
        groups.forEach((name, traces) -> System.out.printf(Locale.ROOT, "   %-18s %.3f / %.3f%n", name,
                share(traces, I386_EXECVE), share(traces, I386_BRK)));
    }

    private static double share(List<int[]> traces, int syscall) {
        return traces.stream().filter(t -> Arrays.stream(t).anyMatch(s -> s == syscall)).count() / (double) traces.size();
    }

    private static int[] secondHalf(int[] trace) {
        return Arrays.copyOfRange(trace, trace.length / 2, trace.length);
    }

    /** The detectors' scores of one trace plus the median per-event surprisal and the log length. */
    private static double[] signals(Detectors d, int[] trace) {
        double[] scores = d.scores(trace);
        ProcessScorer scorer = new ProcessScorer(d.markov(), d.window(), Double.POSITIVE_INFINITY);
        double[] surprisal = new double[trace.length];
        for (int i = 0; i < trace.length; i++) {
            surprisal[i] = scorer.accept(trace[i]);
        }
        Arrays.sort(surprisal);
        double median = trace.length == 0 ? 0 : trace.length % 2 == 1 ? surprisal[trace.length / 2]
                : (surprisal[trace.length / 2 - 1] + surprisal[trace.length / 2]) / 2;
        double[] out = Arrays.copyOf(scores, SIGNALS.size());
        out[4] = median;
        out[5] = Math.log(Math.max(1, trace.length));
        return out;
    }

    /**
     * Per contiguous fold, a threshold on its held-out statistics, and the highest of them: with
     * {@code conformal}, the fold's conformal quantile (with ~170 processes a fold at 1% that is the fold's
     * largest statistic); otherwise the lowest value that leaves at most a targetFpr share of the fold above.
     */
    private static double maxFoldThreshold(FisherCombination c, double[][] heldOut, ModelConfig config, boolean conformal) {
        double max = Double.NEGATIVE_INFINITY;
        for (int f = 0; f < config.folds(); f++) {
            int from = ModelTrainer.firstOf(f, heldOut.length, config.folds());
            int to = ModelTrainer.firstOf(f + 1, heldOut.length, config.folds());
            double[] stats = IntStream.range(from, to).mapToDouble(i -> c.heldOutStatistic(heldOut[i])).sorted().toArray();
            double t = conformal ? Calibration.conformalQuantile(stats, config.targetFpr())
                    : stats[stats.length - 1 - (int) Math.floor(config.targetFpr() * stats.length)];
            max = Math.max(max, t);
        }
        return max;
    }

    private static String perFamily(double[] neg, double[] pos, List<String> family) {
        StringBuilder b = new StringBuilder();
        for (String f : new TreeSet<>(family)) {
            double[] p = IntStream.range(0, pos.length).filter(i -> family.get(i).equals(f)).mapToDouble(i -> pos[i]).toArray();
            b.append(b.length() == 0 ? "" : "  ").append(f).append(' ').append(fmt(Roc.auc(neg, p)));
        }
        return b.toString();
    }

    private static double[][] select(double[][] rows, int[] cols) {
        return Arrays.stream(rows).map(r -> Arrays.stream(cols).mapToDouble(c -> r[c]).toArray()).toArray(double[][]::new);
    }

    private static double[] column(double[][] rows, int c) {
        return Arrays.stream(rows).mapToDouble(r -> r[c]).toArray();
    }


    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
