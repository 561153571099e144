package io.yalas.model.train;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.markov.Completeness;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.score.Calibration;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.ScorerState;
import io.yalas.model.score.SetNoveltyModel;

import java.time.Instant;

/**
 * Everything known about one profile's behaviour model: what the Avro {@code BehaviorModel} stores.
 *
 * @param profile      application or image the model describes
 * @param version      model version within the profile, increasing
 * @param alphabet     alphabet the symbols come from
 * @param config       hyper-parameters it was learned with
 * @param markov       the transition model
 * @param threshold    alert threshold and its derivation
 * @param scores       held-out score distribution behind the threshold
 * @param completeness learning completeness at the end of training
 * @param provenance   what it was learned from
 * @param trainingProcesses processes learned
 * @param state        life-cycle state
 * @param createdAt    when it was built
 * @param sets         the set-novelty detector, or null (Markov-only model, or too few processes to calibrate)
 * @param calibration  conformal p-values and the combined threshold, null exactly when {@code sets} is
 */
public record TrainedModel(String profile, long version, AlphabetRef alphabet, ModelConfig config, MarkovModel markov,
                           Threshold threshold, ScoreSummary scores, Completeness completeness, Provenance provenance,
                           long trainingProcesses, ModelState state, Instant createdAt, SetNoveltyModel sets,
                           Calibration calibration) {

    public TrainedModel {
        if ((sets == null) != (calibration == null)) {
            throw new IllegalArgumentException("set-novelty model and calibration go together");
        }
    }

    /** A Markov-only model. */
    public TrainedModel(String profile, long version, AlphabetRef alphabet, ModelConfig config, MarkovModel markov,
                        Threshold threshold, ScoreSummary scores, Completeness completeness, Provenance provenance,
                        long trainingProcesses, ModelState state, Instant createdAt) {
        this(profile, version, alphabet, config, markov, threshold, scores, completeness, provenance, trainingProcesses,
                state, createdAt, null, null);
    }

    /** Whether scores combine the Markov model with set novelty (else Markov only, {@link #threshold()}). */
    public boolean combined() {
        return sets != null;
    }

    /** Fresh per-process scorer state of the right shape for this model (e.g. for keyed state). */
    public ScorerState newScorerState() {
        return combined() ? ScorerState.empty(config.window(), markov.maxOrder(), sets)
                : ScorerState.empty(config.window(), markov.maxOrder());
    }

    /** A streaming scorer over {@code state} (from {@link #newScorerState()}, possibly restored). */
    public ProcessScorer newProcessScorer(ScorerState state) {
        return combined() ? new ProcessScorer(markov, sets, calibration, state, null)
                : new ProcessScorer(markov, threshold.value(), state);
    }

    /** A streaming scorer for one new process, with this model's window and threshold(s). */
    public ProcessScorer newProcessScorer() {
        return newProcessScorer(newScorerState());
    }

    /** The threshold the process score is compared with: the combined one, or the Markov one. */
    public double processThreshold() {
        return combined() ? calibration.threshold() : threshold.value();
    }

    public TrainedModel withState(ModelState newState) {
        return new TrainedModel(profile, version, alphabet, config, markov, threshold, scores, completeness,
                provenance, trainingProcesses, newState, createdAt, sets, calibration);
    }
}
