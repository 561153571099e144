package io.yalas.model.score;

import java.util.List;

/**
 * The state of one process's sliding window against the model's threshold.
 *
 * @param position     number of events scored so far in the process
 * @param score        mean surprisal (nats per event) over the last min(window, position) events
 * @param processScore highest full-window score so far (or the partial mean while fewer than a window)
 * @param threshold    the model's alert threshold on window scores
 * @param alert        whether the current window score exceeds the threshold
 * @param leastProbable the least probable transitions of the current window, least probable first
 */
public record Verdict(long position, double score, double processScore, double threshold, boolean alert,
                      List<Transition> leastProbable) {
    public Verdict {
        leastProbable = List.copyOf(leastProbable);
    }
}
