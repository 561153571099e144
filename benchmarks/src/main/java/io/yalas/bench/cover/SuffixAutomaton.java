package io.yalas.bench.cover;

import io.yalas.model.markov.LongIntHashMap;

import java.util.Arrays;
import java.util.List;

/**
 * The suffix automaton of a set of training traces: it accepts exactly the symbol sequences that occur
 * contiguously inside one training trace (a stretch never spans two traces).
 *
 * <p>Built online (Blumer et al.; the generalized form, one trace after the other from the initial
 * state), with at most {@code 2n} states for {@code n} training symbols. Each state is the set of
 * substrings that end at the same set of positions; {@link #length} is its longest and {@link #link}
 * (the suffix link) leads to the state of its longest suffix that ends elsewhere too. Transitions of
 * all states sit in one open-addressing table keyed by (state, symbol), so following one is a hash probe
 * and no state carries a map of its own: the memory that matters is that table and two ints per state.
 */
public final class SuffixAutomaton {
    /** The initial state: the empty sequence. */
    public static final int ROOT = 0;
    /** Returned by {@link #next} when the sequence cannot be extended by the symbol. */
    public static final int NONE = -1;

    private final int[] length;
    private final int[] link;
    private final LongIntHashMap transitions;
    private final long symbols;

    private SuffixAutomaton(int[] length, int[] link, LongIntHashMap transitions, long symbols) {
        this.length = length;
        this.link = link;
        this.transitions = transitions;
        this.symbols = symbols;
    }

    /** The automaton of {@code traces} (empty ones contribute nothing). */
    public static SuffixAutomaton of(List<int[]> traces) {
        long total = 0;
        for (int[] t : traces) {
            total += t.length;
        }
        if (total > (Integer.MAX_VALUE - 2) / 2) {
            throw new IllegalArgumentException("too many training symbols for one automaton: " + total);
        }
        Builder b = new Builder((int) total);
        for (int[] t : traces) {
            int last = ROOT;
            for (int s : t) {
                last = b.extend(last, s);
            }
        }
        return b.build(total);
    }

    /** The state reached from {@code state} by {@code symbol}, or {@link #NONE}. */
    public int next(int state, int symbol) {
        int t = transitions.get(key(state, symbol));
        return t == LongIntHashMap.MISSING ? NONE : t;
    }

    /** The state of the longest proper suffix of {@code state}'s strings that ends at other positions too. */
    public int link(int state) {
        return link[state];
    }

    /** Length of the longest sequence in {@code state}. */
    public int length(int state) {
        return length[state];
    }

    /** Whether {@code sequence} occurs contiguously in one training trace (the empty one always does). */
    public boolean contains(int[] sequence) {
        int s = ROOT;
        for (int x : sequence) {
            s = next(s, x);
            if (s == NONE) {
                return false;
            }
        }
        return true;
    }

    public int states() {
        return length.length;
    }

    public int transitionCount() {
        return transitions.size();
    }

    /** Training symbols it was built from. */
    public long symbols() {
        return symbols;
    }

    /** Approximate heap footprint in bytes. */
    public long memoryBytes() {
        return 8L * length.length + transitions.memoryBytes();
    }

    /**
     * Transition key: a bijective mix of (state + 1, symbol), never 0 (0 marks empty slots), spread over
     * the low bits the table indexes with.
     */
    private static long key(int state, int symbol) {
        long z = ((long) (state + 1) << 32) | (symbol & 0xFFFF_FFFFL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Construction state. Cloning a state copies its out-transitions, which the hash table cannot list,
     * so the builder also keeps each state's outgoing symbols in a singly linked edge list; both are
     * dropped once built.
     */
    private static final class Builder {
        private int[] length;
        private int[] link;
        private int size;
        private final LongIntHashMap transitions;
        private int[] firstEdge;
        private int[] edgeSymbol;
        private int[] nextEdge;
        private int edges;

        Builder(int symbols) {
            int cap = Math.max(2, 2 * symbols);
            length = new int[cap];
            link = new int[cap];
            firstEdge = new int[cap];
            edgeSymbol = new int[Math.max(4, 3 * symbols)];
            nextEdge = new int[edgeSymbol.length];
            transitions = new LongIntHashMap(Math.max(16, 3 * symbols / 2));
            newState(0, NONE);
        }

        private int newState(int len, int suffixLink) {
            if (size == length.length) {
                length = Arrays.copyOf(length, size * 2);
                link = Arrays.copyOf(link, size * 2);
                firstEdge = Arrays.copyOf(firstEdge, size * 2);
            }
            length[size] = len;
            link[size] = suffixLink;
            firstEdge[size] = -1;
            return size++;
        }

        private int get(int state, int symbol) {
            int t = transitions.get(key(state, symbol));
            return t == LongIntHashMap.MISSING ? NONE : t;
        }

        /** Adds or redirects a transition; a new one is also recorded in the state's edge list. */
        private void set(int state, int symbol, int target) {
            long k = key(state, symbol);
            if (transitions.get(k) == LongIntHashMap.MISSING) {
                if (edges == edgeSymbol.length) {
                    edgeSymbol = Arrays.copyOf(edgeSymbol, edges * 2);
                    nextEdge = Arrays.copyOf(nextEdge, edges * 2);
                }
                edgeSymbol[edges] = symbol;
                nextEdge[edges] = firstEdge[state];
                firstEdge[state] = edges++;
            }
            transitions.put(k, target);
        }

        /**
         * Appends {@code c} to the trace whose whole prefix so far is state {@code last}; returns the state
         * of the extended prefix. When that extension already exists (a trace repeating the start of an
         * earlier one), no state is added: the existing one is used, split if it also holds longer strings.
         */
        int extend(int last, int c) {
            int q = get(last, c);
            if (q != NONE) {
                return length[q] == length[last] + 1 ? q : split(last, c, q);
            }
            int cur = newState(length[last] + 1, ROOT);
            int p = last;
            while (p != NONE && get(p, c) == NONE) {
                set(p, c, cur);
                p = link[p];
            }
            if (p != NONE) {
                q = get(p, c);
                link[cur] = length[q] == length[p] + 1 ? q : split(p, c, q);
            }
            return cur;
        }

        /**
         * Splits state {@code q} (reached from {@code p} by {@code c}, with strings longer than
         * {@code length[p] + 1}) so that the strings up to that length get a state of their own, and
         * returns it.
         */
        private int split(int p, int c, int q) {
            int clone = newState(length[p] + 1, link[q]);
            for (int e = firstEdge[q]; e >= 0; e = nextEdge[e]) {
                set(clone, edgeSymbol[e], get(q, edgeSymbol[e]));
            }
            link[q] = clone;
            while (p != NONE && get(p, c) == q) {
                set(p, c, clone);
                p = link[p];
            }
            return clone;
        }

        SuffixAutomaton build(long symbols) {
            return new SuffixAutomaton(Arrays.copyOf(length, size), Arrays.copyOf(link, size), transitions, symbols);
        }
    }
}
