package io.yalas.model.compare;

import io.yalas.model.markov.ContextCounts;
import io.yalas.model.markov.MarkovModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Compares two models of the same alphabet: a single divergence to fingerprint and cluster applications
 * or releases, and a readable diff of what one does that the other never did.
 */
public final class ModelComparison {
    private ModelComparison() {
    }

    /**
     * Jensen-Shannon divergence, in bits (0 = identical, 1 = disjoint), between the two models' joint
     * distributions of (context, next symbol) at context length {@code order}, estimated from counts.
     * Symmetric and bounded, unlike KL, so it works when one model has transitions the other never saw.
     */
    public static double jensenShannon(MarkovModel a, MarkovModel b, int order) {
        Map<Key, Long> pa = joint(a, order);
        Map<Key, Long> pb = joint(b, order);
        double na = pa.values().stream().mapToLong(Long::longValue).sum();
        double nb = pb.values().stream().mapToLong(Long::longValue).sum();
        double js = 0;
        for (Map.Entry<Key, Long> e : pa.entrySet()) {
            double p = e.getValue() / na;
            double q = pb.getOrDefault(e.getKey(), 0L) / nb;
            js += 0.5 * p * log2(2 * p / (p + q));
        }
        for (Map.Entry<Key, Long> e : pb.entrySet()) {
            double q = e.getValue() / nb;
            double p = pa.getOrDefault(e.getKey(), 0L) / na;
            js += 0.5 * q * log2(2 * q / (p + q));
        }
        return Math.max(0, Math.min(1, js));
    }

    /**
     * What each model has that the other lacks: symbols, and transitions after one-symbol contexts
     * (the most readable level), the most frequent first, at most {@code limit} of each.
     */
    public static ModelDiff diff(MarkovModel a, MarkovModel b, int limit) {
        Map<Key, Long> ta = joint(a, 1);
        Map<Key, Long> tb = joint(b, 1);
        return new ModelDiff(jensenShannon(a, b, 1), missing(joint(a, 0), joint(b, 0), limit),
                missing(joint(b, 0), joint(a, 0), limit), missing(ta, tb, limit), missing(tb, ta, limit));
    }

    /** A transition present in one model only. */
    public record Difference(int[] context, int symbol, long count) {
        public String describe(IntFunction<String> names) {
            StringBuilder sb = new StringBuilder();
            for (int c : context) {
                sb.append(c < 0 ? "^" : names.apply(c)).append(' ');
            }
            return sb.append("-> ").append(names.apply(symbol)).append(" (").append(count).append("x)").toString();
        }
    }

    /**
     * @param jensenShannonBits divergence at order 1
     * @param symbolsOnlyInA    symbols the first model saw and the second never did (empty context)
     * @param symbolsOnlyInB    and the reverse
     * @param transitionsOnlyInA one-symbol-context transitions only the first model saw
     * @param transitionsOnlyInB and the reverse
     */
    public record ModelDiff(double jensenShannonBits, List<Difference> symbolsOnlyInA, List<Difference> symbolsOnlyInB,
                            List<Difference> transitionsOnlyInA, List<Difference> transitionsOnlyInB) {

        /** Several lines, with symbols rendered by {@code names} (e.g. an alphabet's describe). */
        public String toText(IntFunction<String> names) {
            StringBuilder sb = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "Jensen-Shannon divergence (order 1): %.4f bits%n", jensenShannonBits));
            section(sb, "symbols only in A", symbolsOnlyInA, names);
            section(sb, "symbols only in B", symbolsOnlyInB, names);
            section(sb, "transitions only in A", transitionsOnlyInA, names);
            section(sb, "transitions only in B", transitionsOnlyInB, names);
            return sb.toString();
        }

        private static void section(StringBuilder sb, String title, List<Difference> items, IntFunction<String> names) {
            sb.append(title).append(": ").append(items.isEmpty() ? "none" : "").append(System.lineSeparator());
            for (Difference d : items) {
                sb.append("  ").append(d.describe(names)).append(System.lineSeparator());
            }
        }
    }

    private record Key(int[] context, int symbol) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && symbol == k.symbol && Arrays.equals(context, k.context);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(context) + symbol;
        }
    }

    private static Map<Key, Long> joint(MarkovModel m, int order) {
        Map<Key, Long> out = new HashMap<>();
        for (ContextCounts c : m.contexts()) {
            if (c.order() == order) {
                for (int i = 0; i < c.next().length; i++) {
                    out.put(new Key(c.context(), c.next()[i]), c.counts()[i]);
                }
            }
        }
        return out;
    }

    private static List<Difference> missing(Map<Key, Long> in, Map<Key, Long> notIn, int limit) {
        List<Difference> out = new ArrayList<>();
        in.forEach((k, n) -> {
            if (!notIn.containsKey(k)) {
                out.add(new Difference(k.context(), k.symbol(), n));
            }
        });
        out.sort(Comparator.comparingLong(Difference::count).reversed()
                .thenComparing(Difference::symbol).thenComparing(Difference::context, Arrays::compare));
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
