package io.yalas.model.score;

import java.util.List;

/**
 * The state of one process's sliding window against the model's threshold.
 *
 * @param position     number of events scored so far in the process
 * @param score        mean surprisal (nats per event) over the last min(window, position) events
 * @param processScore the process's score ({@link ProcessScorer#processScore()}): highest full-window mean
 *                     so far (or the partial mean while fewer than a window) for a Markov-only model, the
 *                     highest combined statistic for a combined one
 * @param threshold    the alert threshold on window scores (nats): the model's, or for a combined model the
 *                     one implied at the current set distance
 * @param alert        whether the current window score exceeds the threshold
 * @param leastProbable the least probable transitions of the current window, least probable first
 * @param setDistance  Jaccard distance of the process's symbol set to the nearest training process (NaN
 *                     for a Markov-only model)
 * @param statistic    combined statistic now (Fisher's -2 sum ln p), NaN for a Markov-only model
 * @param statisticThreshold the model's threshold on the combined statistic, NaN for a Markov-only model
 */
public record Verdict(long position, double score, double processScore, double threshold, boolean alert,
                      List<Transition> leastProbable, double setDistance, double statistic, double statisticThreshold) {
    public Verdict {
        leastProbable = List.copyOf(leastProbable);
    }
}
