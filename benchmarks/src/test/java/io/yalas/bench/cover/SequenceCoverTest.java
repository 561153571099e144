package io.yalas.bench.cover;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SequenceCoverTest {
    private final SuffixAutomaton automaton = SuffixAutomaton.of(List.of(new int[] {1, 2, 3, 4}, new int[] {5, 6, 7}));

    @Test
    void greedyCoveringBreaksWhereTrainingNeverContinued() {
        // 1 2 3 | 6 7 | 9 | 1 2 : 1 2 3 then 6 (3 6 never seen) starts segment 2, 9 is unknown (segment 3),
        // 1 starts segment 4. Three breaks; the process's first segment is not one.
        int[] trace = {1, 2, 3, 6, 7, 9, 1, 2};
        SequenceCover cover = new SequenceCover(automaton, SequenceCover.Variant.BREAKS, 1000);
        assertArrayEquals(new double[] {0, 0, 0, 1, 0, 1, 1, 0}, cover.values(trace));
        assertEquals(3.0 / 8, cover.score(trace), 1e-12);
        assertEquals(0, cover.score(new int[] {5, 6, 7}));
        assertEquals(0, cover.score(new int[0]));
    }

    @Test
    void matchingStatisticsKeepTheLongestSuffixSeen() {
        // After 1 2 3, "4" extends to length 4; "6" fails, suffix links reach the root, "6" alone has length 1;
        // "7" extends "6" to 2.
        int[] trace = {1, 2, 3, 4, 6, 7};
        double[] v = new SequenceCover(automaton, SequenceCover.Variant.MATCH, 1000).values(trace);
        assertArrayEquals(new double[] {1, 1 / 2.0, 1 / 3.0, 1 / 4.0, 1, 1 / 2.0}, v, 1e-12);
    }

    @Test
    void scoreIsTheHighestWindowMean() {
        // Window 2: break values 0 0 0 1 0 1 1 0 -> best window (1,1) at positions 5-6.
        SequenceCover cover = new SequenceCover(automaton, SequenceCover.Variant.BREAKS, 2);
        assertEquals(1.0, cover.score(new int[] {1, 2, 3, 6, 7, 9, 1, 2}), 1e-12);
    }
}
