package io.yalas.model.markov;

/**
 * Rolling 64-bit hashes that name contexts and transitions without storing the symbols on the hot path.
 *
 * <p>A context of length k is hashed newest-symbol-first: {@code h(0) = EMPTY},
 * {@code h(k) = extend(h(k-1), s[t-k])}. Extending by one older symbol is one multiply and a mix, so all
 * the suffixes of the current history (orders 0..N) cost N steps per event, and each suffix hash is the
 * hash of that context alone. The mixer is a bijective 64-bit finaliser (the splitmix64 constants), so
 * with 10^6 keys a collision has probability about 10^-8; the model accepts that instead of storing
 * and comparing symbol arrays on every lookup.
 */
public final class ContextHash {
    /** Hash of the empty context (order 0). Non-zero: 0 marks empty slots in {@link LongIntHashMap}. */
    public static final long EMPTY = 0x2545F4914F6CDD1DL;

    private ContextHash() {
    }

    /** Hash of the context {@code older + context(h)}, i.e. one symbol further into the past. */
    public static long extend(long h, int olderSymbol) {
        return nonZero(mix(h * 0x9E3779B97F4A7C15L + olderSymbol + 0x632BE59BD9B4E019L));
    }

    /** Key of the transition {@code context(h) -> next}. */
    public static long transition(long h, int next) {
        return nonZero(mix(h ^ (0xD6E8FEB86659FD93L * (next + 0x1234567L))));
    }

    /** Hash of an explicit context, oldest symbol first. */
    public static long of(int[] context) {
        long h = EMPTY;
        for (int i = context.length - 1; i >= 0; i--) {
            h = extend(h, context[i]);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
