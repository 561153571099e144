package io.yalas.model.markov;

/**
 * The last {@code maxOrder} symbols of one process, and the hashes of all their suffixes.
 *
 * <p>Learner and scorer both walk contexts from the shortest (order 0) to the longest; keeping the
 * suffix hashes here means each event costs {@code maxOrder} hash steps and no allocation. A new
 * history starts with {@link Symbols#START}, so the first events of a process are modelled in their
 * own contexts.
 */
public final class History {
    private final int[] ring;
    private final long[] suffixHash;
    private int head;
    private int length;

    public History(int maxOrder) {
        ring = new int[maxOrder];
        suffixHash = new long[maxOrder + 1];
        reset();
    }

    /** A history holding exactly {@code context} (oldest first, at most maxOrder symbols), without START. */
    public static History of(int maxOrder, int[] context) {
        if (context.length > maxOrder) {
            throw new IllegalArgumentException("context longer than " + maxOrder);
        }
        History h = new History(maxOrder);
        h.length = 0;
        h.head = 0;
        for (int s : context) {
            h.push(s);
        }
        return h;
    }

    /** Forgets everything: the next symbol is the first of a process. */
    public void reset() {
        head = 0;
        length = 0;
        push(Symbols.START);
    }

    /** Appends a symbol and recomputes the suffix hashes. */
    public void push(int symbol) {
        ring[head] = symbol;
        head = (head + 1) % ring.length;
        if (length < ring.length) {
            length++;
        }
        long h = ContextHash.EMPTY;
        suffixHash[0] = h;
        int idx = head;
        for (int k = 1; k <= length; k++) {
            idx = idx == 0 ? ring.length - 1 : idx - 1;
            h = ContextHash.extend(h, ring[idx]);
            suffixHash[k] = h;
        }
    }

    /** Number of symbols available as context (at most maxOrder). */
    public int length() {
        return length;
    }

    /** Hash of the context made of the last {@code k} symbols, 0 <= k <= length(). */
    public long hash(int k) {
        return suffixHash[k];
    }

    /** The last {@code k} symbols, oldest first. */
    public int[] context(int k) {
        int[] out = new int[k];
        int idx = head;
        for (int i = k - 1; i >= 0; i--) {
            idx = idx == 0 ? ring.length - 1 : idx - 1;
            out[i] = ring[idx];
        }
        return out;
    }
}
