package io.yalas.bench.cover;

import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.SetNoveltyModel;
import io.yalas.model.train.ModelTrainer;

import java.util.ArrayList;
import java.util.List;

/**
 * The detectors compared in the covering experiment, learned from one set of normal traces: the product's
 * Markov window score and set novelty, and the two sequence-covering variants.
 */
record Detectors(MarkovModel markov, SetNoveltyModel sets, SuffixAutomaton automaton, int window) {
    /** Score names, in the order of {@link #scores}. */
    static final List<String> NAMES = List.of("markov", "set", "breaks", "match");

    static Detectors learn(ModelConfig config, List<int[]> traces) {
        TransitionCounts counts = new TransitionCounts(config);
        traces.forEach(counts::observeTrace);
        return new Detectors(counts.compile(config.pruneMinCount()), SetNoveltyModel.learn(traces), SuffixAutomaton.of(traces),
                config.window());
    }

    /**
     * The training traces of held-out fold {@code f}: every usable trace outside that contiguous fold (the
     * same folds as the product's calibration, {@link ModelTrainer#fold}).
     */
    static List<int[]> outsideFold(List<int[]> traces, int f, int folds) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < traces.size(); i++) {
            if (ModelTrainer.fold(i, traces.size(), folds) != f) {
                out.add(traces.get(i));
            }
        }
        return out;
    }

    /**
     * One score per detector for each trace, every training trace judged by detectors learned without
     * its contiguous fold (as the product's held-out calibration does).
     */
    static double[][] heldOut(ModelConfig config, List<int[]> traces) {
        int folds = config.folds();
        double[][] out = new double[traces.size()][];
        for (int f = 0; f < folds; f++) {
            Detectors d = learn(config, outsideFold(traces, f, folds));
            for (int i = ModelTrainer.firstOf(f, traces.size(), folds); i < ModelTrainer.firstOf(f + 1, traces.size(), folds); i++) {
                out[i] = d.scores(traces.get(i));
            }
        }
        return out;
    }

    /**
     * Markov process score (highest full-window mean surprisal, production scorer), set distance at the end
     * of the process, and the two covering scores.
     */
    double[] scores(int[] trace) {
        ProcessScorer scorer = new ProcessScorer(markov, window, Double.POSITIVE_INFINITY);
        for (int s : trace) {
            scorer.accept(s);
        }
        return new double[] {scorer.markovScore(), sets.distance(trace),
                new SequenceCover(automaton, SequenceCover.Variant.BREAKS, window).score(trace),
                new SequenceCover(automaton, SequenceCover.Variant.MATCH, window).score(trace)};
    }
}
