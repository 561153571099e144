package io.yalas.model.markov;

import java.util.Arrays;

/**
 * Counts of what followed one context: the unit a model is stored, compared and rebuilt from.
 *
 * @param context symbols of the context, oldest first; empty for order 0; may start with {@link Symbols#START}
 * @param next    distinct symbols seen after the context, ascending
 * @param counts  how often each of {@code next} followed, same length, all >= 1
 */
public record ContextCounts(int[] context, int[] next, long[] counts) {
    public ContextCounts {
        if (next.length != counts.length) {
            throw new IllegalArgumentException("next and counts differ in length");
        }
        if (next.length == 0) {
            throw new IllegalArgumentException("a context needs at least one follower");
        }
        for (int i = 0; i < next.length; i++) {
            if (counts[i] < 1) {
                throw new IllegalArgumentException("counts must be >= 1");
            }
            if (next[i] < 0) {
                throw new IllegalArgumentException("symbols must be >= 0, got " + next[i]);
            }
            if (i > 0 && next[i] <= next[i - 1]) {
                throw new IllegalArgumentException("next must be strictly ascending");
            }
        }
    }

    public int order() {
        return context.length;
    }

    public long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Count of {@code symbol} after this context, 0 if never seen. */
    public long count(int symbol) {
        int i = Arrays.binarySearch(next, symbol);
        return i < 0 ? 0 : counts[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ContextCounts c && Arrays.equals(context, c.context)
                && Arrays.equals(next, c.next) && Arrays.equals(counts, c.counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(context) + Arrays.hashCode(next)) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return Arrays.toString(context) + " -> " + Arrays.toString(next) + " x " + Arrays.toString(counts);
    }
}
