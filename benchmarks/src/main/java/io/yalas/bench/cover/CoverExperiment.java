package io.yalas.bench.cover;

import io.yalas.model.eval.Roc;
import io.yalas.model.markov.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The {@code benchmarks/run cover} harness: does sequence covering (a suffix automaton of the training
 * traces) add to the product's detectors on ADFA-LD? Prints the automaton's size, the normal-data figures
 * the variant was chosen by (validation-normal false alarms), then the attack figures of every detector
 * combination, all with the product's contiguous held-out folds and Fisher-combined conformal p-values.
 * The last line is one JSON object.
 */
public final class CoverExperiment {
    private static final Map<String, int[]> COMBINATIONS = new LinkedHashMap<>();

    static {
        // Indexes into Detectors.NAMES: 0 markov, 1 set, 2 breaks, 3 match.
        COMBINATIONS.put("markov+set (product)", new int[] {0, 1});
        COMBINATIONS.put("markov+set+breaks", new int[] {0, 1, 2});
        COMBINATIONS.put("markov+set+match", new int[] {0, 1, 3});
        COMBINATIONS.put("markov+breaks", new int[] {0, 2});
        COMBINATIONS.put("breaks+set", new int[] {2, 1});
        COMBINATIONS.put("match+set", new int[] {3, 1});
        COMBINATIONS.put("breaks", new int[] {2});
        COMBINATIONS.put("match", new int[] {3});
        COMBINATIONS.put("markov", new int[] {0});
    }

    @SuppressWarnings("unused")
    private static volatile double consumed;

    private CoverExperiment() {
    }

    public static void main(String[] args) {
        ModelConfig config = ModelConfig.DEFAULT;
        AdfaSplit adfa = AdfaSplit.load();
        List<int[]> train = adfa.train();
        List<int[]> normal = adfa.normal();

        long start = System.nanoTime();
        SuffixAutomaton automaton = SuffixAutomaton.of(train);
        double buildMs = (System.nanoTime() - start) / 1e6;
        System.out.printf(Locale.ROOT, "== automaton of the training traces: %d symbols, %d states, %d transitions, %.2f MiB in memory,"
                        + " built in %.0f ms; stored as the training sequences (Avro int arrays): %.2f MiB%n",
                automaton.symbols(), automaton.states(), automaton.transitionCount(), automaton.memoryBytes() / 1048576.0, buildMs,
                avroIntArraysBytes(train) / 1048576.0);

        List<String> family = adfa.family();
        List<String> distinctRuns = adfa.run().stream().distinct().sorted().toList();
        PairedBootstrap bootstrap = new PairedBootstrap(adfa.run().stream().mapToInt(distinctRuns::indexOf).toArray(),
                distinctRuns.size(), 1000, 1);
        List<int[]> attacks = adfa.attacks();
        Scored split = Scored.of(config, train, normal, attacks);

        System.out.println("== normal data only (the variant was chosen on these): validation normals with p <= 0.01, per detector");
        FisherCombination pValues = new FisherCombination(split.heldOut(), new int[] {0}, config.targetFpr());
        for (int d = 0; d < Detectors.NAMES.size(); d++) {
            int dd = d;
            long low = Arrays.stream(split.normal()).filter(s -> pValues.p(dd, s[dd]) <= 0.01).count();
            System.out.printf(Locale.ROOT, "   %-7s %.4f%n", Detectors.NAMES.get(d), (double) low / split.normal().length);
        }
        System.out.printf(Locale.ROOT, "   Spearman correlation markov vs breaks on validation normals: %.3f%n",
                spearman(column(split.normal(), 0), column(split.normal(), 2)));

        System.out.println("== combinations (Fisher, threshold = conformal 99% quantile of held-out statistics)");
        StringBuilder json = new StringBuilder("{\"automaton_states\":" + automaton.states() + ",\"automaton_mib\":"
                + fmt(automaton.memoryBytes() / 1048576.0) + ",\"combinations\":{");
        json.append(table(config, split, family, bootstrap)).append('}');

        // Diagnostic, not a protocol: is the data or the method the limit? The first half of the validation
        // normals (in file order) joins the training data and the second half is scored: contiguous halves,
        // so near-copies recorded together do not sit on both sides (see ModelTrainer's folds).
        List<int[]> moreTrain = new ArrayList<>(train);
        moreTrain.addAll(normal.subList(0, normal.size() / 2));
        List<int[]> rest = normal.subList(normal.size() / 2, normal.size());
        // The control first: the same scored half, with the training data alone (the halves differ in difficulty).
        System.out.printf(Locale.ROOT, "== diagnostic control: trained on the %d training traces, scored on the second %d validation normals%n",
                train.size(), rest.size());
        json.append(",\"second_half\":{").append(table(config, Scored.of(config, train, rest, attacks), family, bootstrap)).append('}');
        System.out.printf(Locale.ROOT, "== diagnostic: trained on the %d training + the first %d validation normals, scored on the other %d%n",
                train.size(), moreTrain.size() - train.size(), rest.size());
        json.append(",\"second_half_more_normal_data\":{").append(table(config, Scored.of(config, moreTrain, rest, attacks), family, bootstrap))
                .append('}');

        double[] rates = throughput(automaton, normal);
        System.out.printf(Locale.ROOT, "== covering throughput, one thread, best of 5 passes over the validation normals (not JMH):"
                + " breaks %.1f M symbols/s, match %.1f M symbols/s%n", rates[0] / 1e6, rates[1] / 1e6);
        json.append(",\"breaks_msym_s\":").append(fmt(rates[0] / 1e6)).append(",\"match_msym_s\":").append(fmt(rates[1] / 1e6)).append('}');
        System.out.println(json);
    }

    /** Scores of one split: held-out training scores and the normals' and attacks' scores under the full detectors. */
    private record Scored(double[][] heldOut, double[][] normal, double[][] attack) {
        static Scored of(ModelConfig config, List<int[]> train, List<int[]> normal, List<int[]> attacks) {
            Detectors full = Detectors.learn(config, train);
            return new Scored(Detectors.heldOut(config, train), normal.stream().map(full::scores).toArray(double[][]::new),
                    attacks.stream().map(full::scores).toArray(double[][]::new));
        }
    }

    /**
     * Prints the figures of every combination on one split, with the paired-bootstrap interval of its AUC
     * minus the first combination's (the product's); returns them as JSON members.
     */
    private static String table(ModelConfig config, Scored split, List<String> family, PairedBootstrap bootstrap) {
        System.out.println("   combination            thr.FPR(normal)  AUC    per family                     DR@1%  DR@5%  thr.DR"
                + "  AUC - product [95% paired bootstrap]");
        StringBuilder json = new StringBuilder();
        double[] productNeg = null;
        double[] productPos = null;
        for (Map.Entry<String, int[]> c : COMBINATIONS.entrySet()) {
            FisherCombination fc = new FisherCombination(split.heldOut(), c.getValue(), config.targetFpr());
            double[] neg = Arrays.stream(split.normal()).mapToDouble(fc::statistic).toArray();
            double[] pos = Arrays.stream(split.attack()).mapToDouble(fc::statistic).toArray();
            TreeMap<String, Double> perFamily = new TreeMap<>();
            for (String f : new TreeSet<>(family)) {
                perFamily.put(f, Roc.auc(neg, IntStream.range(0, pos.length)
                        .filter(i -> family.get(i).equals(f)).mapToDouble(i -> pos[i]).toArray()));
            }
            double auc = Roc.auc(neg, pos);
            double fpr = Roc.rateAbove(neg, fc.threshold());
            if (productNeg == null) {
                productNeg = neg;
                productPos = pos;
            }
            double[] q = bootstrap.interval(productNeg, productPos, neg, pos);
            System.out.printf(Locale.ROOT, "   %-22s %.4f           %.3f  %s  %.3f  %.3f  %.3f   %+.4f [%+.4f, %+.4f]%n", c.getKey(), fpr, auc,
                    perFamily.values().stream().map(CoverExperiment::fmt).toList(),
                    Roc.detectionRateAtFpr(neg, pos, 0.01), Roc.detectionRateAtFpr(neg, pos, 0.05), Roc.rateAbove(pos, fc.threshold()),
                    q[1], q[0], q[2]);
            json.append(json.length() == 0 ? "" : ",").append('"').append(c.getKey()).append("\":{\"auc\":").append(fmt(auc))
                    .append(",\"threshold_fpr\":").append(fmt(fpr)).append('}');
        }
        return json.toString();
    }



    /** Bytes of the traces written as Avro arrays of int (zig-zag varints, one block per array). */
    static long avroIntArraysBytes(List<int[]> traces) {
        long bytes = varintBytes(traces.size()) + 1;
        for (int[] t : traces) {
            bytes += varintBytes(t.length) + 1;
            for (int s : t) {
                bytes += varintBytes(s);
            }
        }
        return bytes;
    }

    private static int varintBytes(int v) {
        long z = ((long) v << 1) ^ (v >> 31);
        int n = 1;
        while ((z >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static double[] throughput(SuffixAutomaton automaton, List<int[]> traces) {
        long symbols = traces.stream().mapToLong(t -> t.length).sum();
        double[] best = new double[2];
        SequenceCover.Variant[] variants = SequenceCover.Variant.values();
        double sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            for (int v = 0; v < variants.length; v++) {
                SequenceCover cover = new SequenceCover(automaton, variants[v], 1000);
                long t0 = System.nanoTime();
                for (int[] t : traces) {
                    sink += cover.score(t);
                }
                best[v] = Math.max(best[v], symbols / ((System.nanoTime() - t0) / 1e9));
            }
        }
        // Publishing the scores keeps the JIT from dropping the work being timed.
        consumed = sink;
        return best;
    }

    private static double[] column(double[][] rows, int d) {
        return Arrays.stream(rows).mapToDouble(r -> r[d]).toArray();
    }

    static double spearman(double[] a, double[] b) {
        double[] ra = ranks(a);
        double[] rb = ranks(b);
        double ma = Arrays.stream(ra).average().orElse(0);
        double mb = Arrays.stream(rb).average().orElse(0);
        double cov = 0;
        double va = 0;
        double vb = 0;
        for (int i = 0; i < a.length; i++) {
            cov += (ra[i] - ma) * (rb[i] - mb);
            va += (ra[i] - ma) * (ra[i] - ma);
            vb += (rb[i] - mb) * (rb[i] - mb);
        }
        return cov / Math.sqrt(va * vb);
    }

    /** Ranks 1..n, ties sharing their mean rank. */
    private static double[] ranks(double[] x) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < x.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(x[i], x[j]));
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; ) {
            int j = i;
            while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                r[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return r;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
