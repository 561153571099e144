package io.yalas.model.score;

import io.yalas.model.markov.History;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.Symbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Streaming scorer for one process: per-event surprisal, the mean over a sliding window, and the
 * highest window mean of the process so far; with a {@link SetNoveltyModel} and a {@link Calibration},
 * also the process's set-novelty score and the combined statistic of both detectors.
 *
 * <p>Memory is fixed at creation (a ring of the last {@code window} surprisals and of the last
 * {@code window + maxOrder} symbols) and each event costs one model lookup and O(1) bookkeeping: the
 * window sum is maintained by adding the new surprisal and subtracting the one leaving the window.
 * Explanations scan the window, so they cost O(window) but are only built on demand (on an alert).
 *
 * <p>Why the window mean: an attack shows as a run of improbable transitions inside otherwise normal
 * behaviour; averaging over a window makes one rare-but-normal event harmless while a sustained
 * deviation raises the score, and the mean has the same scale for every process length.
 *
 * <p>Combined mode: after each event the statistic is {@code X_t = Calibration.statistic(window score
 * at t, set distance at t)}; the process's score is the highest X_t over full windows (or the final X of
 * a process shorter than a window), and {@link #alerting()} is {@code X_t > threshold}. The set distance
 * changes only on a symbol new to the process, and X is increasing in the window score, so the highest
 * X is kept as the highest window score since the last change of the set distance plus the best
 * statistic of the earlier stretches: one comparison per event, a calibration lookup per change. The
 * window score above which the current event alerts is likewise recomputed only on a change
 * ({@link Calibration#windowThreshold}), so {@link #alerting()} is one comparison and the
 * {@link Verdict#threshold()} stays in nats.
 */
public final class ProcessScorer {
    private final MarkovModel model;
    private final History history;
    private final ScorerState state;
    private final float[] surprisals;
    private final int[] symbols;
    private final SetNoveltyModel sets;
    private final Calibration calibration;
    private final SegmentSink sink;
    /** Alert above this window score (nats): the model's threshold, or in combined mode the one at the current set distance. */
    private double windowThreshold;

    /**
     * Receives, in combined mode without a calibration (while calibrating), each (highest window score,
     * set distance) pair at which the process's statistic may peak.
     */
    @FunctionalInterface
    public interface SegmentSink {
        void segment(double windowScore, double setDistance);
    }

    /** Markov-only scoring with a threshold on window scores (nats). */
    public ProcessScorer(MarkovModel model, int window, double threshold) {
        this(model, threshold, ScorerState.empty(window, model.maxOrder()));
    }

    /** Combined scoring of a new process. */
    public ProcessScorer(MarkovModel model, int window, SetNoveltyModel sets, Calibration calibration) {
        this(model, sets, calibration, ScorerState.empty(window, model.maxOrder(), sets), null);
    }

    /**
     * Resumes scoring over {@code state}, which the caller owns and which this scorer updates in place
     * (e.g. state restored from a checkpoint). The model's context is rebuilt from the stored symbols, so
     * scores continue exactly as if the process had never been interrupted.
     */
    public ProcessScorer(MarkovModel model, double threshold, ScorerState state) {
        this(model, threshold, null, null, state, null);
    }

    /**
     * Resumes combined scoring over {@code state} (see {@link #ProcessScorer(MarkovModel, double, ScorerState)}).
     * Without a calibration (only while calibrating) the scorer reports its stretches to {@code sink}
     * instead of computing the statistic; {@link #finish()} reports the last one.
     */
    public ProcessScorer(MarkovModel model, SetNoveltyModel sets, Calibration calibration, ScorerState state, SegmentSink sink) {
        this(model, Double.NaN, Objects.requireNonNull(sets, "sets"), calibration, state, sink);
        if (calibration == null && sink == null) {
            throw new IllegalArgumentException("combined scoring needs a calibration or a segment sink");
        }
    }

    private ProcessScorer(MarkovModel model, double threshold, SetNoveltyModel sets, Calibration calibration,
                          ScorerState state, SegmentSink sink) {
        if (state.surprisals == null || state.symbols == null || state.surprisals.length < 1
                || state.symbols.length != state.surprisals.length + model.maxOrder()) {
            throw new IllegalArgumentException("scorer state does not fit a model of order " + model.maxOrder());
        }
        if (sets != null && (state.seen == null || state.overlap == null
                || state.seen.length != (sets.elements() + 63) >>> 6 || state.overlap.length != sets.setCount())) {
            throw new IllegalArgumentException("scorer state has no set-novelty part for " + sets.setCount() + " training sets");
        }
        this.model = model;
        this.state = state;
        this.surprisals = state.surprisals;
        this.symbols = state.symbols;
        this.sets = sets;
        this.calibration = calibration;
        this.sink = sink;
        this.history = History.of(model.maxOrder(), recentContext());
        if (calibration == null) {
            this.windowThreshold = threshold;
        } else {
            if (Double.isNaN(state.alertWindow)) {
                state.alertWindow = calibration.windowThreshold(state.setDistance);
            }
            this.windowThreshold = state.alertWindow;
        }
    }

    /**
     * What the history held after the last event: START then the symbols, at most maxOrder of them
     * (no START for a process joined mid-stream: its beginning was never seen).
     */
    private int[] recentContext() {
        int order = model.maxOrder();
        long position = state.position;
        int k = (int) Math.min(order, state.joinedMidStream ? position : position + 1);
        int[] ctx = new int[k];
        for (int i = 0; i < k; i++) {
            long p = position - k + i;
            ctx[i] = p < 0 ? Symbols.START : symbols[(int) (p % symbols.length)];
        }
        return ctx;
    }

    /** The state this scorer reads and updates. */
    public ScorerState state() {
        return state;
    }

    /** Scores the next event of the process and returns its surprisal in nats. */
    public double accept(int symbol) {
        // Joined mid-stream, the first maxOrder events only rebuild the context the model conditions on:
        // scored without it they would look improbable for want of history, not for what they are.
        float s = state.joinedMidStream && state.position < model.maxOrder() ? 0f : (float) model.surprisal(history, symbol);
        history.push(symbol);
        long position = state.position;
        int slot = (int) (position % surprisals.length);
        // The window holds floats; the running sum is a double, so add/subtract drift stays far below
        // float precision even after billions of events.
        state.windowSum += s - (position >= surprisals.length ? surprisals[slot] : 0f);
        surprisals[slot] = s;
        symbols[(int) (position % symbols.length)] = symbol;
        state.position = ++position;
        if (sets != null) {
            boolean added = observeSet(symbol);
            if (position >= surprisals.length) {
                if (added || state.setStale) {
                    updateDistance();
                }
            } else if (added) {
                // Before the first full window no statistic is judged: the distance is computed when
                // asked for (or when the window fills), so a short process pays for it once.
                state.setStale = true;
            }
        }
        if (position >= surprisals.length) {
            double w = state.windowSum / surprisals.length;
            state.maxFullWindow = Math.max(state.maxFullWindow, w);
            state.segmentMaxWindow = Math.max(state.segmentMaxWindow, w);
        }
        return s;
    }

    /** Adds the symbol to the process's set; whether it was new. */
    private boolean observeSet(int symbol) {
        int e = sets.element(symbol);
        long bit = 1L << e;
        long[] seen = state.seen;
        if ((seen[e >>> 6] & bit) != 0) {
            return false;
        }
        seen[e >>> 6] |= bit;
        int[] overlap = state.overlap;
        for (int i : sets.postings(e)) {
            overlap[i]++;
        }
        state.distinct++;
        return true;
    }

    /** Brings a stale set distance up to date (before anything reads it). */
    private void refreshSet() {
        if (sets != null && state.setStale) {
            updateDistance();
        }
    }

    private void updateDistance() {
        state.setStale = false;
        double d = sets.nearestDistance(state.overlap, state.distinct);
        if (d != state.setDistance) {
            closeSegment();
            state.setDistance = d;
            if (calibration != null) {
                windowThreshold = calibration.windowThreshold(d);
                state.alertWindow = windowThreshold;
            }
        }
    }

    /** Ends the stretch at the current set distance (if it had a full window). */
    private void closeSegment() {
        if (state.segmentMaxWindow > Double.NEGATIVE_INFINITY) {
            if (calibration != null) {
                state.maxStatistic = Math.max(state.maxStatistic, calibration.statistic(state.segmentMaxWindow, state.setDistance));
            } else {
                sink.segment(state.segmentMaxWindow, state.setDistance);
            }
        }
        state.segmentMaxWindow = Double.NEGATIVE_INFINITY;
    }

    /**
     * While calibrating (no calibration, a segment sink): reports the process's last stretch, or the
     * whole-process window score of a process shorter than a window. Call once, at the end.
     */
    public void finish() {
        if (sink == null || calibration != null) {
            throw new IllegalStateException("finish() is for calibration runs");
        }
        refreshSet();
        if (!windowFull()) {
            sink.segment(windowScore(), state.setDistance);
        } else if (state.segmentMaxWindow > Double.NEGATIVE_INFINITY) {
            sink.segment(state.segmentMaxWindow, state.setDistance);
        }
    }

    /** Whether this scorer combines the Markov score with set novelty. */
    public boolean combined() {
        return sets != null;
    }

    /** Jaccard distance of the process's symbol set to the nearest training set; NaN for Markov-only. */
    public double setDistance() {
        refreshSet();
        return sets == null ? Double.NaN : state.setDistance;
    }

    /** The combined statistic now (current window, current set distance); NaN unless combined and calibrated. */
    public double statistic() {
        refreshSet();
        return calibration == null ? Double.NaN : calibration.statistic(windowScore(), state.setDistance);
    }

    /** Events scored so far. */
    public long position() {
        return state.position;
    }

    public boolean windowFull() {
        return state.position >= surprisals.length;
    }

    /** Mean surprisal over the last min(window, position) events; 0 before any event. */
    public double windowScore() {
        return state.position == 0 ? 0 : state.windowSum / Math.min(state.position, surprisals.length);
    }

    /**
     * The Markov part of the process's score: the highest full-window mean so far, or the mean of all its
     * events while it has fewer than a window (a short process is judged on everything it did).
     */
    public double markovScore() {
        return windowFull() ? state.maxFullWindow : windowScore();
    }

    /**
     * The process's score, what the threshold is compared with: {@link #markovScore()} for a Markov-only
     * scorer; in combined mode the highest combined statistic over full windows (or the current one while
     * the process is shorter than a window).
     */
    public double processScore() {
        if (calibration == null) {
            return markovScore();
        }
        refreshSet();
        if (!windowFull()) {
            return calibration.statistic(windowScore(), state.setDistance);
        }
        double best = state.maxStatistic;
        if (state.segmentMaxWindow > Double.NEGATIVE_INFINITY) {
            best = Math.max(best, calibration.statistic(state.segmentMaxWindow, state.setDistance));
        }
        return best;
    }

    /**
     * Whether the current window (full, or the whole process if shorter) exceeds the threshold; in combined
     * mode, whether the combined statistic does (equivalently, the window score exceeds the window threshold
     * at the current set distance).
     */
    public boolean alerting() {
        refreshSet();
        return state.position > 0 && windowScore() > windowThreshold;
    }

    /**
     * The window score (nats) above which the process alerts now: the model's threshold for a Markov-only
     * scorer, or the one implied by the combined threshold at the current set distance.
     */
    public double windowThreshold() {
        refreshSet();
        return windowThreshold;
    }

    /** The current verdict with the {@code topK} least probable transitions of the window. */
    public Verdict verdict(int topK) {
        refreshSet();
        return new Verdict(state.position, windowScore(), processScore(), windowThreshold, alerting(), leastProbable(topK),
                setDistance(), statistic(), calibration == null ? Double.NaN : calibration.threshold());
    }

    private List<Transition> leastProbable(int topK) {
        long position = state.position;
        int inWindow = (int) Math.min(position, surprisals.length);
        PriorityQueue<Long> top = new PriorityQueue<>(Comparator.comparingDouble(this::surprisalAt));
        for (long p = position - inWindow; p < position; p++) {
            top.add(p);
            if (top.size() > topK) {
                top.poll();
            }
        }
        List<Transition> out = new ArrayList<>(top.size());
        while (!top.isEmpty()) {
            long p = top.poll();
            out.add(new Transition(p, contextBefore(p), symbols[(int) (p % symbols.length)], Math.exp(-surprisalAt(p))));
        }
        out.sort(Comparator.comparingDouble(Transition::probability));
        return out;
    }

    private double surprisalAt(long p) {
        return surprisals[(int) (p % surprisals.length)];
    }

    private int[] contextBefore(long p) {
        int k = (int) Math.min(p, model.maxOrder());
        int[] ctx = new int[k];
        for (int i = 0; i < k; i++) {
            ctx[i] = symbols[(int) ((p - k + i) % symbols.length)];
        }
        return ctx;
    }
}
