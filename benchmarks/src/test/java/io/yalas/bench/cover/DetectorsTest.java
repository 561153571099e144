package io.yalas.bench.cover;

import io.yalas.model.markov.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DetectorsTest {
    @Test
    void heldOutFoldIsJudgedByAnAutomatonWithoutIt() {
        // Ten traces, five contiguous folds of two; trace i is the unique run "100+i, 200+i, 300+i".
        List<int[]> traces = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            traces.add(new int[] {100 + i, 200 + i, 300 + i});
        }
        for (int f = 0; f < 5; f++) {
            SuffixAutomaton a = SuffixAutomaton.of(Detectors.outsideFold(traces, f, 5));
            for (int i = 0; i < 10; i++) {
                boolean inFold = i / 2 == f;
                assertEquals(!inFold, a.contains(traces.get(i)), "fold " + f + ", trace " + i);
            }
        }
        // Every held-out trace is unknown to its fold's automaton: two breaks in three events.
        double[][] scores = Detectors.heldOut(ModelConfig.DEFAULT, traces);
        for (double[] s : scores) {
            assertEquals(2.0 / 3, s[2], 1e-12);
        }
        // Scored by the automaton of all of them, none breaks.
        Detectors full = Detectors.learn(ModelConfig.DEFAULT, traces);
        assertEquals(0, full.scores(traces.get(3))[2]);
    }

    @Test
    void fisherThresholdSeparatesFromHeldOut() {
        double[][] heldOut = new double[199][];
        for (int i = 0; i < heldOut.length; i++) {
            heldOut[i] = new double[] {i, 0, 0, 0};
        }
        FisherCombination fc = new FisherCombination(heldOut, new int[] {0}, 0.01);
        assertFalse(fc.statistic(new double[] {100, 0, 0, 0}) > fc.threshold());
        assertTrue(fc.statistic(new double[] {1000, 0, 0, 0}) > fc.threshold());
        assertEquals(1.0 / 200, fc.p(0, 1000), 1e-12);
    }
}
