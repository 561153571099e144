package io.yalas.model.score;

import io.yalas.model.markov.History;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.Symbols;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Streaming scorer for one process: per-event surprisal, the mean over a sliding window, and the
 * highest window mean of the process so far.
 *
 * <p>Memory is fixed at creation (a ring of the last {@code window} surprisals and of the last
 * {@code window + maxOrder} symbols) and each event costs one model lookup and O(1) bookkeeping: the
 * window sum is maintained by adding the new surprisal and subtracting the one leaving the window.
 * Explanations scan the window, so they cost O(window) but are only built on demand (on an alert).
 *
 * <p>Why the window mean: an attack shows as a run of improbable transitions inside otherwise normal
 * behaviour; averaging over a window makes one rare-but-normal event harmless while a sustained
 * deviation raises the score, and the mean has the same scale for every process length.
 */
public final class ProcessScorer {
    private final MarkovModel model;
    private final double threshold;
    private final History history;
    private final ScorerState state;
    private final float[] surprisals;
    private final int[] symbols;

    public ProcessScorer(MarkovModel model, int window, double threshold) {
        this(model, threshold, ScorerState.empty(window, model.maxOrder()));
    }

    /**
     * Resumes scoring over {@code state}, which the caller owns and which this scorer updates in place
     * (e.g. state restored from a checkpoint). The model's context is rebuilt from the stored symbols, so
     * scores continue exactly as if the process had never been interrupted.
     */
    public ProcessScorer(MarkovModel model, double threshold, ScorerState state) {
        if (state.surprisals == null || state.symbols == null || state.surprisals.length < 1
                || state.symbols.length != state.surprisals.length + model.maxOrder()) {
            throw new IllegalArgumentException("scorer state does not fit a model of order " + model.maxOrder());
        }
        this.model = model;
        this.threshold = threshold;
        this.state = state;
        this.surprisals = state.surprisals;
        this.symbols = state.symbols;
        this.history = History.of(model.maxOrder(), recentContext());
    }

    /** What the history held after the last event: START then the symbols, at most maxOrder of them. */
    private int[] recentContext() {
        int order = model.maxOrder();
        long position = state.position;
        int k = (int) Math.min(order, position + 1);
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
        float s = (float) model.surprisal(history, symbol);
        history.push(symbol);
        long position = state.position;
        int slot = (int) (position % surprisals.length);
        // The window holds floats; the running sum is a double, so add/subtract drift stays far below
        // float precision even after billions of events.
        state.windowSum += s - (position >= surprisals.length ? surprisals[slot] : 0f);
        surprisals[slot] = s;
        symbols[(int) (position % symbols.length)] = symbol;
        state.position = ++position;
        if (position >= surprisals.length) {
            state.maxFullWindow = Math.max(state.maxFullWindow, state.windowSum / surprisals.length);
        }
        return s;
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
     * The process's score: the highest full-window mean so far, or the mean of all its events while it
     * has fewer than a window (a short process is judged on everything it did).
     */
    public double processScore() {
        return windowFull() ? state.maxFullWindow : windowScore();
    }

    /** Whether the current window (full, or the whole process if shorter) exceeds the threshold. */
    public boolean alerting() {
        return state.position > 0 && windowScore() > threshold;
    }

    /** The current verdict with the {@code topK} least probable transitions of the window. */
    public Verdict verdict(int topK) {
        return new Verdict(state.position, windowScore(), processScore(), threshold, alerting(), leastProbable(topK));
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
