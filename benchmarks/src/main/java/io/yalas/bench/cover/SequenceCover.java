package io.yalas.bench.cover;

/**
 * Sequence covering of a process's trace by stretches that occur verbatim in one training trace, scored
 * per window like the product's Markov score (highest mean over full windows, the whole process when it
 * is shorter than one).
 *
 * <p>Two per-event signals, both streaming with O(1) amortised work per event and a constant state (the
 * automaton state and the current length):
 * <ul>
 *   <li>{@link Variant#BREAKS}: greedy covering. The current segment is extended while the automaton
 *   allows; when it cannot, a new segment starts at this event (a break: normal behaviour, as trained,
 *   never continued that way). Greedy is optimal here: the fewest segments that cover the trace. The
 *   event's value is 1 at a break (not counting the process's first segment), else 0; a window's mean
 *   is breaks per event.</li>
 *   <li>{@link Variant#MATCH}: matching statistics. Following suffix links instead of restarting keeps
 *   {@code l}, the length of the longest stretch ending at this event that training contains; the
 *   event's value is {@code 1 / max(1, l)}.</li>
 * </ul>
 */
public final class SequenceCover {
    /** Which per-event signal is averaged. */
    public enum Variant { BREAKS, MATCH }

    private final SuffixAutomaton automaton;
    private final Variant variant;
    private final int window;

    public SequenceCover(SuffixAutomaton automaton, Variant variant, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1");
        }
        this.automaton = automaton;
        this.variant = variant;
        this.window = window;
    }

    /** The per-event values of {@code trace} (see the class comment). */
    public double[] values(int[] trace) {
        double[] v = new double[trace.length];
        int state = SuffixAutomaton.ROOT;
        int length = 0;
        for (int i = 0; i < trace.length; i++) {
            int c = trace[i];
            if (variant == Variant.BREAKS) {
                int next = state == SuffixAutomaton.NONE ? SuffixAutomaton.NONE : automaton.next(state, c);
                if (next == SuffixAutomaton.NONE) {
                    v[i] = i > 0 ? 1 : 0;
                    // NONE again for a symbol training never had: it is a segment of its own, so the
                    // next event breaks too.
                    state = automaton.next(SuffixAutomaton.ROOT, c);
                } else {
                    state = next;
                }
            } else {
                while (state != SuffixAutomaton.ROOT && automaton.next(state, c) == SuffixAutomaton.NONE) {
                    state = automaton.link(state);
                    length = automaton.length(state);
                }
                int next = automaton.next(state, c);
                if (next == SuffixAutomaton.NONE) {
                    state = SuffixAutomaton.ROOT;
                    length = 0;
                } else {
                    state = next;
                    length++;
                }
                v[i] = 1.0 / Math.max(1, length);
            }
        }
        return v;
    }

    /** The process score: the highest window mean of {@link #values}, or their mean over a shorter process; 0 if empty. */
    public double score(int[] trace) {
        double[] v = values(trace);
        int n = v.length;
        if (n == 0) {
            return 0;
        }
        int w = Math.min(window, n);
        double sum = 0;
        for (int i = 0; i < w; i++) {
            sum += v[i];
        }
        double best = sum;
        for (int i = w; i < n; i++) {
            sum += v[i] - v[i - w];
            best = Math.max(best, sum);
        }
        return best / w;
    }
}
