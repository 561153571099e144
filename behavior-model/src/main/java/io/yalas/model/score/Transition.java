package io.yalas.model.score;

/**
 * One scored event, for explanations.
 *
 * @param position    0-based index of the event in its process's stream, to find the event behind it
 * @param context     the symbols before it that the model conditioned on, oldest first
 * @param symbol      the symbol observed
 * @param probability P(symbol | context) under the model
 */
public record Transition(long position, int[] context, int symbol, double probability) {
    /** -ln probability, in nats. */
    public double surprisal() {
        return -Math.log(probability);
    }
}
