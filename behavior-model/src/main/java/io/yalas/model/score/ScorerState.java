package io.yalas.model.score;

/**
 * The mutable state of one process's {@link ProcessScorer}, kept apart from the scorer so a stream
 * processor can hold it in its own checkpointed state and resume scoring after a restart.
 *
 * <p>A plain bean (public no-argument constructor, public fields) because Flink serializes such classes
 * efficiently as POJOs. Sizes: {@code surprisals} has one slot per window position, {@code symbols} one per
 * window position plus the model's maximum order (the contexts of the window's first events); with the
 * set-novelty detector, {@code seen} has one bit per element and {@code overlap} one int per stored
 * training set (both null for a Markov-only model).
 */
public final class ScorerState {
    /** Surprisal of the last {@code surprisals.length} events, a ring indexed by position. */
    public float[] surprisals;
    /** The last {@code symbols.length} symbols, a ring indexed by position. */
    public int[] symbols;
    /** Events scored so far. */
    public long position;
    /**
     * Scoring began after the process had started (its model arrived later): what came before the first
     * scored event is unknown, so the history starts empty instead of with the process-start context.
     */
    public boolean joinedMidStream;
    /** Sum of the surprisals currently in the window. */
    public double windowSum;
    /** Highest full-window mean so far; negative infinity until the first window fills. */
    public double maxFullWindow = Double.NEGATIVE_INFINITY;

    // Set novelty and the combined statistic (null / unused for a Markov-only model).
    /** Elements (symbols) of the process so far, a bitset over {@link SetNoveltyModel#elements()}. */
    public long[] seen;
    /** Intersection size with each stored training set. */
    public int[] overlap;
    /** Distinct elements so far. */
    public int distinct;
    /** Jaccard distance to the nearest training set, as of the last update (see {@link #setStale}). */
    public double setDistance;
    /** New symbols arrived since {@link #setDistance} was computed (only before the first full window). */
    public boolean setStale;
    /** Highest full-window mean since the set distance last changed; negative infinity if none. */
    public double segmentMaxWindow = Double.NEGATIVE_INFINITY;
    /** Highest combined statistic of the earlier segments (constant set distance); negative infinity if none. */
    public double maxStatistic = Double.NEGATIVE_INFINITY;
    /**
     * Cache: the window score above which the process alerts at the current set distance, under the
     * calibration this state is scored with (NaN = not computed). A state is only ever resumed with the
     * model it was created for.
     */
    public double alertWindow = Double.NaN;

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

    /** An empty state for a model with the set-novelty detector as well. */
    public static ScorerState empty(int window, int maxOrder, SetNoveltyModel sets) {
        ScorerState s = empty(window, maxOrder);
        s.seen = new long[(sets.elements() + 63) >>> 6];
        s.overlap = new int[sets.setCount()];
        return s;
    }

    public int window() {
        return surprisals.length;
    }
}
