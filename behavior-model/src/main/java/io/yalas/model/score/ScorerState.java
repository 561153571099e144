package io.yalas.model.score;

/**
 * The mutable state of one process's {@link ProcessScorer}, kept apart from the scorer so a stream
 * processor can hold it in its own checkpointed state and resume scoring after a restart.
 *
 * <p>A plain bean (public no-argument constructor, public fields) because Flink serializes such classes
 * efficiently as POJOs. Sizes: {@code surprisals} has one slot per window position, {@code symbols} one per
 * window position plus the model's maximum order (the contexts of the window's first events).
 */
public final class ScorerState {
    /** Surprisal of the last {@code surprisals.length} events, a ring indexed by position. */
    public float[] surprisals;
    /** The last {@code symbols.length} symbols, a ring indexed by position. */
    public int[] symbols;
    /** Events scored so far. */
    public long position;
    /** Sum of the surprisals currently in the window. */
    public double windowSum;
    /** Highest full-window mean so far; negative infinity until the first window fills. */
    public double maxFullWindow = Double.NEGATIVE_INFINITY;

    public ScorerState() {
    }

    public static ScorerState empty(int window, int maxOrder) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        ScorerState s = new ScorerState();
        s.surprisals = new float[window];
        s.symbols = new int[window + maxOrder];
        return s;
    }

    public int window() {
        return surprisals.length;
    }
}
