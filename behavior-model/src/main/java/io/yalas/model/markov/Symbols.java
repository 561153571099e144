package io.yalas.model.markov;

/** Reserved symbol values shared by every alphabet. */
public final class Symbols {
    /**
     * Marks the start of a process (exec) in a history. It appears in contexts, so the model learns how
     * processes begin, but it is never predicted. Alphabets produce symbols >= 0.
     */
    public static final int START = -1;

    private Symbols() {
    }
}
