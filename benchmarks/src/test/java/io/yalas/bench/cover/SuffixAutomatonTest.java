package io.yalas.bench.cover;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SuffixAutomatonTest {
    private static boolean occursIn(List<int[]> traces, int[] s) {
        for (int[] t : traces) {
            for (int i = 0; i + s.length <= t.length; i++) {
                if (Arrays.equals(t, i, i + s.length, s, 0, s.length)) {
                    return true;
                }
            }
        }
        return s.length == 0;
    }

    @Test
    void acceptsExactlyTheSubstringsOfOneTrace() {
        List<int[]> traces = List.of(new int[] {1, 2, 3, 1, 2}, new int[] {3, 3, 4});
        SuffixAutomaton a = SuffixAutomaton.of(traces);
        assertTrue(a.contains(new int[] {2, 3, 1, 2}));
        assertTrue(a.contains(new int[] {3, 3, 4}));
        assertTrue(a.contains(new int[0]));
        // "2 3 3" would span the boundary of the two traces: a stretch of normal behaviour never did that.
        assertFalse(a.contains(new int[] {2, 3, 3}));
        assertFalse(a.contains(new int[] {1, 2, 3, 1, 2, 3}));
        assertFalse(a.contains(new int[] {5}));
    }

    @Test
    void agreesWithBruteForceOnRandomTraces() {
        Random r = new Random(7);
        for (int round = 0; round < 200; round++) {
            int alphabet = 1 + r.nextInt(4);
            List<int[]> traces = new ArrayList<>();
            int total = 0;
            for (int k = r.nextInt(4); k >= 0; k--) {
                int[] t = r.ints(r.nextInt(12), 0, alphabet).toArray();
                traces.add(t);
                total += t.length;
            }
            // Some traces repeat or extend an earlier one: the generalized construction's reuse and split paths.
            if (r.nextBoolean() && traces.get(0).length > 0) {
                int[] prefix = traces.get(0);
                traces.add(Arrays.copyOf(prefix, r.nextInt(prefix.length + 3)));
                total += traces.get(traces.size() - 1).length;
            }
            SuffixAutomaton a = SuffixAutomaton.of(traces);
            assertTrue(a.states() <= Math.max(2, 2 * total), "at most 2n states");
            for (int q = 0; q < 300; q++) {
                int[] s = r.ints(r.nextInt(7), 0, alphabet + 1).toArray();
                assertEquals(occursIn(traces, s), a.contains(s), () -> traces.stream().map(Arrays::toString).toList() + " " + Arrays.toString(s));
            }
        }
    }

    @Test
    void suffixLinksLeadToShorterSuffixStates() {
        SuffixAutomaton a = SuffixAutomaton.of(List.of(new int[] {1, 2, 1, 2, 3}, new int[] {2, 1}));
        for (int s = 1; s < a.states(); s++) {
            int link = a.link(s);
            assertTrue(link >= 0 && a.length(link) < a.length(s));
        }
        assertEquals(SuffixAutomaton.NONE, a.link(SuffixAutomaton.ROOT));
    }
}
