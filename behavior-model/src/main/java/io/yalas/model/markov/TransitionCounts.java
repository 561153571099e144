package io.yalas.model.markov;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental counts of every transition {@code context -> next} for context lengths 0..maxOrder: the
 * learning half of the model, for one profile.
 *
 * <p>Contexts and transitions live in two hashed tables keyed by {@link ContextHash}; a transition
 * slot remembers its context slot, so the common case (a transition seen before) is one probe per
 * order and two array increments. Context symbols are copied only when a context is first seen.
 * Not thread-safe: one instance per profile and per task.
 */
public final class TransitionCounts {
    private final int maxOrder;
    private final CompletenessTracker completeness;

    private final LongIntHashMap transitionIndex = new LongIntHashMap(1 << 12);
    private long[] transitionCount = new long[1 << 12];
    private int[] transitionContext = new int[1 << 12];
    private int[] transitionSymbol = new int[1 << 12];
    private int transitions;

    private final LongIntHashMap contextIndex = new LongIntHashMap(1 << 10);
    private int[][] contextSymbols = new int[1 << 10][];
    private long[] contextTotal = new long[1 << 10];
    private int contexts;

    private long symbols;
    private long processes;

    public TransitionCounts(int maxOrder, int completenessOrder) {
        if (maxOrder < 1 || completenessOrder < 0 || completenessOrder > maxOrder) {
            throw new IllegalArgumentException("bad orders: max " + maxOrder + ", completeness " + completenessOrder);
        }
        this.maxOrder = maxOrder;
        this.completeness = new CompletenessTracker(completenessOrder);
    }

    public TransitionCounts(ModelConfig config) {
        this(config.maxOrder(), config.completenessOrder());
    }

    public int maxOrder() {
        return maxOrder;
    }

    /** A fresh history for a new process, sized for this model. */
    public History newHistory() {
        processes++;
        return new History(maxOrder);
    }

    /** Counts {@code symbol} after every suffix of {@code history}, then appends it to the history. */
    public void observe(History history, int symbol) {
        if (symbol < 0) {
            throw new IllegalArgumentException("symbols must be >= 0, got " + symbol);
        }
        int top = history.length();
        for (int k = 0; k <= top; k++) {
            long ctxHash = history.hash(k);
            long key = ContextHash.transition(ctxHash, symbol);
            int t = transitionIndex.get(key);
            long count;
            if (t != LongIntHashMap.MISSING) {
                count = ++transitionCount[t];
                contextTotal[transitionContext[t]]++;
            } else {
                int c = contextSlot(ctxHash, history, k);
                contextTotal[c]++;
                newTransition(key, c, symbol);
                count = 1;
            }
            if (k == completeness.order()) {
                completeness.observe(count);
            }
        }
        symbols++;
        history.push(symbol);
    }

    /** Learns one whole process trace. */
    public void observeTrace(int[] trace) {
        History h = newHistory();
        for (int s : trace) {
            observe(h, s);
        }
    }

    public long symbols() {
        return symbols;
    }

    public long processes() {
        return processes;
    }

    public Completeness completeness(double readyUnseenMass) {
        return completeness.snapshot(readyUnseenMass);
    }

    /**
     * The counts per context, dropping contexts of order >= 2 seen fewer than {@code pruneMinCount}
     * times. Pruning keeps the set suffix-closed (a context is never rarer than its suffix), so back-off
     * always finds the shorter contexts; rare long contexts are where estimates are noise and memory goes.
     */
    public List<ContextCounts> contextCounts(int pruneMinCount) {
        List<List<Integer>> followers = new ArrayList<>(contexts);
        for (int c = 0; c < contexts; c++) {
            followers.add(null);
        }
        for (int t = 0; t < transitions; t++) {
            int c = transitionContext[t];
            if (keep(c, pruneMinCount)) {
                if (followers.get(c) == null) {
                    followers.set(c, new ArrayList<>());
                }
                followers.get(c).add(t);
            }
        }
        List<ContextCounts> out = new ArrayList<>();
        for (int c = 0; c < contexts; c++) {
            List<Integer> ts = followers.get(c);
            if (ts == null) {
                continue;
            }
            ts.sort((a, b) -> Integer.compare(transitionSymbol[a], transitionSymbol[b]));
            int[] next = new int[ts.size()];
            long[] counts = new long[ts.size()];
            for (int i = 0; i < next.length; i++) {
                next[i] = transitionSymbol[ts.get(i)];
                counts[i] = transitionCount[ts.get(i)];
            }
            out.add(new ContextCounts(contextSymbols[c].clone(), next, counts));
        }
        return out;
    }

    /** Compiles the current counts into an immutable scoring model. */
    public MarkovModel compile(int pruneMinCount) {
        return MarkovModel.of(maxOrder, contextCounts(pruneMinCount));
    }

    private boolean keep(int c, int pruneMinCount) {
        return contextSymbols[c].length < 2 || contextTotal[c] >= pruneMinCount;
    }

    private int contextSlot(long ctxHash, History history, int k) {
        int c = contextIndex.get(ctxHash);
        if (c != LongIntHashMap.MISSING) {
            return c;
        }
        if (contexts == contextSymbols.length) {
            contextSymbols = Arrays.copyOf(contextSymbols, contexts * 2);
            contextTotal = Arrays.copyOf(contextTotal, contexts * 2);
        }
        c = contexts++;
        contextSymbols[c] = history.context(k);
        contextIndex.put(ctxHash, c);
        return c;
    }

    private void newTransition(long key, int context, int symbol) {
        if (transitions == transitionCount.length) {
            int n = transitions * 2;
            transitionCount = Arrays.copyOf(transitionCount, n);
            transitionContext = Arrays.copyOf(transitionContext, n);
            transitionSymbol = Arrays.copyOf(transitionSymbol, n);
        }
        int t = transitions++;
        transitionCount[t] = 1;
        transitionContext[t] = context;
        transitionSymbol[t] = symbol;
        transitionIndex.put(key, t);
    }
}
