package io.yalas.model.markov;

import java.util.List;

/**
 * How complete learning is, from the Good-Turing estimate: the probability that the next transition
 * (at {@code order}) is one never seen is about N1/N, where N1 is the number of transitions seen exactly
 * once and N the number of observations.
 *
 * @param order        context length of the transitions measured
 * @param observations N
 * @param singletons   N1
 * @param unseenMass   N1/N (1 before any observation)
 * @param trend        unseen mass now minus the unseen mass when training had half as many observations;
 *                     negative while learning still converges, NaN before the first doubling
 * @param history      (observations, unseen mass) checkpoints at doublings of the training data
 * @param ready        whether the model may enforce
 * @param reason       the figure behind the verdict, for people
 */
public record Completeness(int order, long observations, long singletons, double unseenMass, double trend,
                           List<Checkpoint> history, boolean ready, String reason) {

    /** One point of the learning curve. */
    public record Checkpoint(long observations, double unseenMass) {
    }

    public Completeness {
        history = List.copyOf(history);
    }
}
