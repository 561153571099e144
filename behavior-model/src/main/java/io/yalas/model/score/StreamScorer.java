package io.yalas.model.score;

import io.yalas.model.markov.MarkovModel;

import java.util.HashMap;
import java.util.Map;

/**
 * Scores interleaved events of many processes against one profile's model: one {@link ProcessScorer}
 * per process key, created on the first event and dropped when the process ends. Outside Flink (CLI,
 * tests); the Flink job keeps a {@link ProcessScorer} per key in its own keyed state instead.
 */
public final class StreamScorer {
    private final MarkovModel model;
    private final int window;
    private final double threshold;
    private final Map<Long, ProcessScorer> processes = new HashMap<>();

    public StreamScorer(MarkovModel model, int window, double threshold) {
        this.model = model;
        this.window = window;
        this.threshold = threshold;
    }

    /** Scores one event of process {@code processKey}; returns that process's scorer. */
    public ProcessScorer accept(long processKey, int symbol) {
        ProcessScorer scorer = processes.computeIfAbsent(processKey, k -> new ProcessScorer(model, window, threshold));
        scorer.accept(symbol);
        return scorer;
    }

    /** Ends a process and returns its final verdict, or null if it never had an event. */
    public Verdict end(long processKey, int topK) {
        ProcessScorer scorer = processes.remove(processKey);
        return scorer == null ? null : scorer.verdict(topK);
    }

    public int activeProcesses() {
        return processes.size();
    }
}
