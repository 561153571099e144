package io.yalas.model.train;

import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.markov.Completeness;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.score.ProcessScorer;

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
 */
public record TrainedModel(String profile, long version, AlphabetRef alphabet, ModelConfig config, MarkovModel markov,
                           Threshold threshold, ScoreSummary scores, Completeness completeness, Provenance provenance,
                           long trainingProcesses, ModelState state, Instant createdAt) {

    /** A streaming scorer for one new process, with this model's window and threshold. */
    public ProcessScorer newProcessScorer() {
        return new ProcessScorer(markov, config.window(), threshold.value());
    }

    public TrainedModel withState(ModelState newState) {
        return new TrainedModel(profile, version, alphabet, config, markov, threshold, scores, completeness,
                provenance, trainingProcesses, newState, createdAt);
    }
}
