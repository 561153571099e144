package io.yalas.model.markov;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * An immutable variable-order Markov model with interpolated Witten-Bell smoothing, compiled for O(1)
 * scoring.
 *
 * <p>For a context c with n(c) observations and u(c) distinct followers, and c' its suffix one symbol
 * shorter:
 * <pre>
 *   P(x | c) = (n(c,x) + u(c) P(x | c')) / (n(c) + u(c))
 *   P(x | empty) = (n(x) + u(empty) / (V+1)) / (n(empty) + u(empty))
 * </pre>
 * where V is the number of symbols ever seen; the extra "+1" outcome is the mass left for every symbol
 * never seen, so a distribution over the V known symbols plus "unknown" sums to exactly 1. Witten-Bell
 * gives a context the more back-off weight the more different things followed it, which suits
 * syscall streams: deterministic contexts (a loop body) trust their counts, diverse ones back off.
 *
 * <p>Scoring uses the longest stored context that matches the history. Every transition the training
 * data contains has its full interpolated probability precomputed (as a surprisal, -ln P); a transition
 * never seen at that context costs the context's escape cost -ln(u/(n+u)) plus its score one order
 * lower. In normal behaviour the first probe hits, so a symbol costs one or two hash lookups.
 */
public final class MarkovModel {
    private final int maxOrder;
    private final List<ContextCounts> contexts;
    private final int[] vocabulary;
    private final LongIntHashMap contextIndex;
    private final float[] escapeCost;
    private final LongIntHashMap transitionSurprisal;
    private final double unknownBaseCost;

    private MarkovModel(int maxOrder, List<ContextCounts> contexts) {
        this.maxOrder = maxOrder;
        List<ContextCounts> sorted = new ArrayList<>(contexts);
        sorted.sort(Comparator.comparingInt(ContextCounts::order).thenComparing(c -> c.context(), Arrays::compare));
        this.contexts = List.copyOf(sorted);
        ContextCounts root = this.contexts.isEmpty() ? null : this.contexts.get(0);
        if (root == null || root.order() != 0) {
            throw new IllegalArgumentException("a model needs training data: no order-0 counts");
        }
        vocabulary = root.next().clone();
        unknownBaseCost = Math.log(vocabulary.length + 1.0);

        contextIndex = new LongIntHashMap(this.contexts.size());
        escapeCost = new float[this.contexts.size()];
        int transitions = 0;
        for (int i = 0; i < this.contexts.size(); i++) {
            ContextCounts c = this.contexts.get(i);
            if (c.order() > maxOrder) {
                throw new IllegalArgumentException("context longer than maxOrder " + maxOrder + ": " + c);
            }
            long h = ContextHash.of(c.context());
            if (contextIndex.get(h) != LongIntHashMap.MISSING) {
                throw new IllegalArgumentException("duplicate context " + Arrays.toString(c.context()));
            }
            contextIndex.put(h, i);
            long n = c.total();
            int u = c.next().length;
            escapeCost[i] = (float) -Math.log((double) u / (n + u));
            transitions += u;
        }
        transitionSurprisal = new LongIntHashMap(transitions);
        for (int i = 0; i < this.contexts.size(); i++) {
            ContextCounts c = this.contexts.get(i);
            if (c.order() > 0 && contextIndex.get(ContextHash.of(suffix(c.context()))) == LongIntHashMap.MISSING) {
                throw new IllegalArgumentException("context set not suffix-closed at " + Arrays.toString(c.context()));
            }
            long h = ContextHash.of(c.context());
            for (int x : c.next()) {
                // A certain transition has -ln 1 = -0.0, whose float bits equal LongIntHashMap.MISSING;
                // max() turns it into +0.0 so it is found rather than taken for an unseen transition.
                float s = Math.max(0f, (float) -Math.log(exactProbability(c.context(), x)));
                transitionSurprisal.put(ContextHash.transition(h, x), Float.floatToRawIntBits(s));
            }
        }
    }

    /** Builds a model from counts (as produced by {@link TransitionCounts} or read back from Avro). */
    public static MarkovModel of(int maxOrder, List<ContextCounts> contexts) {
        return new MarkovModel(maxOrder, contexts);
    }

    public int maxOrder() {
        return maxOrder;
    }

    /** Contexts and their counts, by order then context. */
    public List<ContextCounts> contexts() {
        return contexts;
    }

    /** Symbols seen in training, ascending. */
    public int[] vocabulary() {
        return vocabulary.clone();
    }

    public int vocabularySize() {
        return vocabulary.length;
    }

    /** Number of symbols the model was trained on. */
    public long trainingSymbols() {
        return contexts.get(0).total();
    }

    public int transitionCount() {
        return transitionSurprisal.size();
    }

    /**
     * Surprisal -ln P(symbol | history) in nats, using the longest stored suffix of the history. Does not
     * modify the history. O(maxOrder) hash steps in the worst case, usually two lookups.
     */
    public double surprisal(History history, int symbol) {
        int k = history.length();
        int ctx = contextIndex.get(history.hash(k));
        while (ctx == LongIntHashMap.MISSING) {
            ctx = contextIndex.get(history.hash(--k));
        }
        double cost = 0;
        while (true) {
            int s = transitionSurprisal.get(ContextHash.transition(history.hash(k), symbol));
            if (s != LongIntHashMap.MISSING) {
                return cost + Float.intBitsToFloat(s);
            }
            cost += escapeCost[ctx];
            if (k == 0) {
                return cost + unknownBaseCost;
            }
            ctx = contextIndex.get(history.hash(--k));
        }
    }

    /** P(symbol | context), context oldest first; a symbol never seen gets its share of the unknown mass. */
    public double probability(int[] context, int symbol) {
        int from = Math.max(0, context.length - maxOrder);
        return Math.exp(-surprisal(History.of(maxOrder, Arrays.copyOfRange(context, from, context.length)), symbol));
    }

    /** Probability, after {@code context}, of the single "unknown" outcome that stands for every symbol never seen. */
    public double unknownProbability(int[] context) {
        // Alphabets only produce symbols >= 0, so this one is certainly absent from every context.
        return probability(context, Integer.MIN_VALUE);
    }

    /** Approximate heap footprint of the compiled model, in bytes (tables and counts). */
    public long memoryBytes() {
        long bytes = contextIndex.memoryBytes() + transitionSurprisal.memoryBytes() + 4L * escapeCost.length;
        for (ContextCounts c : contexts) {
            bytes += 16 * 4 + 4L * c.context().length + 4L * c.next().length + 8L * c.counts().length;
        }
        return bytes;
    }

    private double exactProbability(int[] context, int x) {
        if (context.length == 0) {
            ContextCounts root = contexts.get(0);
            long n = root.total();
            int u = root.next().length;
            return (root.count(x) + (double) u / (vocabulary.length + 1)) / (n + u);
        }
        ContextCounts c = contexts.get(contextIndex.get(ContextHash.of(context)));
        long n = c.total();
        int u = c.next().length;
        return (c.count(x) + u * exactProbability(suffix(context), x)) / (n + u);
    }

    private static int[] suffix(int[] context) {
        return Arrays.copyOfRange(context, 1, context.length);
    }
}
