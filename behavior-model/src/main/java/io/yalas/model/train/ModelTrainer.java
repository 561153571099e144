package io.yalas.model.train;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.markov.History;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.score.Calibration;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.ScorerState;
import io.yalas.model.score.SetNoveltyModel;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Learns a profile's model from its processes' symbol traces and calibrates the alert threshold on
 * held-out folds of that same training data.
 *
 * <p>The processes, in the order given (the order they were learned in), are cut into {@code folds}
 * contiguous folds. For every fold a model is learned on the other folds and the fold's processes are
 * scored with the same streaming scorer used in production, so every training process gets one score
 * from a model that never saw it: that is the distribution of scores a new normal process will get,
 * including the novelty that a finite test suite always leaves. Contiguous rather than round-robin
 * folds because processes learned close together are often near-copies (the same test, command or
 * session run several times): round-robin folds put the copies on both sides, so held-out processes
 * look more familiar than processes of a later run will; a contiguous fold is judged by the rest of the
 * training run, as new processes are. The Markov threshold is its conformal (1 - targetFpr) quantile. With
 * {@link ModelConfig#setNovelty()}, each held-out process is also compared with the symbol sets of the
 * other folds' processes, and {@link Calibration#fit} turns both held-out score distributions into
 * conformal p-values, combines them (Fisher) and sets the combined threshold the same way. The final
 * models are then learned on all processes.
 */
public final class ModelTrainer {
    private final ModelConfig config;

    public ModelTrainer(ModelConfig config) {
        this.config = config;
    }

    public ModelConfig config() {
        return config;
    }

    /**
     * Trains on {@code traces} (one symbol array per process).
     *
     * @throws IllegalArgumentException when there is no symbol to learn from
     */
    public TrainedModel train(String profile, AlphabetRef alphabet, List<int[]> traces, Provenance provenance) {
        TransitionCounts all = new TransitionCounts(config);
        for (int[] trace : traces) {
            all.observeTrace(trace);
        }
        return build(profile, alphabet, all, traces, provenance);
    }

    /**
     * Builds the model from counts already learned incrementally ({@code counts}) and the traces they
     * came from (for the held-out calibration).
     */
    public TrainedModel build(String profile, AlphabetRef alphabet, TransitionCounts counts, List<int[]> traces,
                              Provenance provenance) {
        if (counts.symbols() == 0) {
            throw new IllegalArgumentException("no training data for profile '" + profile + "': every trace is empty");
        }
        MarkovModel model = counts.compile(config.pruneMinCount());
        List<Calibration.HeldOut> calibrationRuns = new ArrayList<>();
        double[] heldOut = heldOutScores(traces, config.setNovelty() ? calibrationRuns : null);
        Arrays.sort(heldOut);
        SetNoveltyModel sets = null;
        Calibration calibration = null;
        if (calibrationRuns.size() >= minCalibrationProcesses(config.targetFpr())) {
            sets = SetNoveltyModel.learn(traces);
            calibration = Calibration.fit(Calibration.Rule.FISHER, calibrationRuns, config.targetFpr());
        }
        double value = Threshold.conformalQuantile(heldOut, config.targetFpr());
        long above = Arrays.stream(heldOut).filter(s -> s > value).count();
        Threshold threshold = new Threshold(config.targetFpr(), value, config.window(), config.folds(), heldOut.length,
                heldOut.length == 0 ? Double.NaN : (double) above / heldOut.length);
        return new TrainedModel(profile, 1, alphabet, config, model, threshold, ScoreSummary.of(heldOut),
                counts.completeness(config.readyUnseenMass()), provenance, counts.processes(), ModelState.LEARNING,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), sets, calibration);
    }

    /**
     * One held-out Markov score per non-empty process; empty when there are too few processes for two
     * folds. With {@code runs}, each held-out process is also scored by the set-novelty model of the other
     * folds and its (window score, set distance) stretches are added to {@code runs}, in the same order.
     */
    double[] heldOutScores(List<int[]> traces, List<Calibration.HeldOut> runs) {
        List<int[]> usable = traces.stream().filter(t -> t.length > 0).toList();
        int folds = Math.min(config.folds(), usable.size());
        if (folds < 2) {
            return new double[0];
        }
        List<Double> scores = new ArrayList<>(usable.size());
        for (int f = 0; f < folds; f++) {
            TransitionCounts counts = new TransitionCounts(config);
            for (int i = 0; i < usable.size(); i++) {
                if (fold(i, usable.size(), folds) != f) {
                    counts.observeTrace(usable.get(i));
                }
            }
            MarkovModel model = counts.compile(config.pruneMinCount());
            SetNoveltyModel sets = null;
            if (runs != null) {
                List<int[]> others = new ArrayList<>();
                for (int i = 0; i < usable.size(); i++) {
                    if (fold(i, usable.size(), folds) != f) {
                        others.add(usable.get(i));
                    }
                }
                sets = SetNoveltyModel.learn(others);
            }
            for (int i = firstOf(f, usable.size(), folds); i < firstOf(f + 1, usable.size(), folds); i++) {
                if (runs == null) {
                    scores.add(score(model, usable.get(i)));
                } else {
                    Calibration.HeldOut h = calibrationRun(model, sets, usable.get(i));
                    scores.add(h.markovScore());
                    runs.add(h);
                }
            }
        }
        return scores.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * The contiguous fold of process {@code i} of {@code n}: folds differ in size by at most one. Public so
     * that experiments with other detectors (benchmarks) hold out exactly the same processes.
     */
    public static int fold(int i, int n, int folds) {
        return (int) (((long) i * folds) / n);
    }

    /** The first process of fold {@code f} (for f = folds: n), the inverse of {@link #fold}. */
    public static int firstOf(int f, int n, int folds) {
        return (int) (((long) f * n + folds - 1) / folds);
    }

    /**
     * Held-out cross-entropy of the training data, in nats per symbol: each fold is predicted by a model
     * of the other folds. Lower is better; this is how order and pruning are chosen from normal data
     * alone (no attack data), per profile if wanted.
     */
    public double heldOutCrossEntropy(List<int[]> traces) {
        int folds = Math.min(config.folds(), traces.size());
        if (folds < 2) {
            throw new IllegalArgumentException("need at least two traces for cross-validation");
        }
        double sum = 0;
        long n = 0;
        for (int f = 0; f < folds; f++) {
            TransitionCounts counts = new TransitionCounts(config);
            for (int i = 0; i < traces.size(); i++) {
                if (fold(i, traces.size(), folds) != f) {
                    counts.observeTrace(traces.get(i));
                }
            }
            MarkovModel model = counts.compile(config.pruneMinCount());
            for (int i = firstOf(f, traces.size(), folds); i < firstOf(f + 1, traces.size(), folds); i++) {
                History h = new History(config.maxOrder());
                for (int s : traces.get(i)) {
                    sum += model.surprisal(h, s);
                    h.push(s);
                    n++;
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * Fewest held-out processes for the combined detectors: with n of them the smallest conformal p-value
     * is 1/(n+1), so below {@code 1/targetFpr - 1} no p-value can be as small as the rate the threshold is
     * for, and the combined threshold would just be the largest held-out statistic: any process beyond
     * every training process on one detector and unremarkable on the other would alert. Such models stay
     * Markov-only (threshold on the window score alone), as before set novelty existed. 99 at 1%.
     */
    public static int minCalibrationProcesses(double targetFpr) {
        return Math.max(2, (int) Math.ceil(1 / targetFpr - 1 - 1e-9));
    }

    /** One held-out process through the production scorer, recording where its combined statistic may peak. */
    private Calibration.HeldOut calibrationRun(MarkovModel model, SetNoveltyModel sets, int[] trace) {
        List<double[]> segments = new ArrayList<>();
        ProcessScorer scorer = new ProcessScorer(model, sets, null,
                ScorerState.empty(config.window(), model.maxOrder(), sets), (w, d) -> segments.add(new double[] {w, d}));
        for (int s : trace) {
            scorer.accept(s);
        }
        scorer.finish();
        return new Calibration.HeldOut(scorer.markovScore(), scorer.setDistance(),
                segments.stream().mapToDouble(x -> x[0]).toArray(), segments.stream().mapToDouble(x -> x[1]).toArray());
    }

    /** The process score of one trace under a trained model (combined or Markov-only), as the streaming scorer computes it. */
    public double score(TrainedModel model, int[] trace) {
        ProcessScorer scorer = model.newProcessScorer();
        for (int s : trace) {
            scorer.accept(s);
        }
        return scorer.processScore();
    }

    /** The Markov process score of one trace under {@code model}, exactly as the streaming scorer computes it. */
    public double score(MarkovModel model, int[] trace) {
        ProcessScorer scorer = new ProcessScorer(model, config.window(), Double.POSITIVE_INFINITY);
        for (int s : trace) {
            scorer.accept(s);
        }
        return scorer.processScore();
    }
}
