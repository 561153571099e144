package io.yalas.model;

import io.yalas.model.markov.History;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.StreamScorer;
import io.yalas.model.score.Transition;
import io.yalas.model.score.Verdict;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScorerTest {
    static int[] loop(int length) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            t[i] = i % 4;
        }
        return t;
    }

    static MarkovModel loopModel() {
        TransitionCounts c = new TransitionCounts(3, 1);
        for (int i = 0; i < 10; i++) {
            c.observeTrace(loop(100));
        }
        return c.compile(1);
    }

    @Test
    void windowScoreIsTheMeanOfTheLastSurprisals() {
        MarkovModel m = MarkovModelTest.model(4, 1, 5);
        int[] trace = MarkovModelTest.randomTrace(new Random(6), 300, 14);
        ProcessScorer scorer = new ProcessScorer(m, 25, 1.0);
        double[] s = new double[trace.length];
        History h = new History(4);
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < trace.length; i++) {
            s[i] = (float) m.surprisal(h, trace[i]);
            h.push(trace[i]);
            scorer.accept(trace[i]);
            int from = Math.max(0, i - 24);
            double sum = 0;
            for (int j = from; j <= i; j++) {
                sum += s[j];
            }
            double mean = sum / (i - from + 1);
            assertEquals(mean, scorer.windowScore(), 1e-5);
            if (i >= 24) {
                best = Math.max(best, mean);
            }
        }
        assertEquals(best, scorer.processScore(), 1e-5);
    }

    @Test
    void explanationPointsAtTheInjectedDeviation() {
        MarkovModel m = loopModel();
        ProcessScorer scorer = new ProcessScorer(m, 20, 0.5);
        int[] trace = loop(60);
        trace[47] = 9;   // never seen
        trace[48] = 2;   // seen, but 9 -> 2 and 2 after 9 break the loop
        for (int s : trace) {
            scorer.accept(s);
        }
        Verdict v = scorer.verdict(3);
        assertTrue(v.alert(), "score " + v.score());
        Transition worst = v.leastProbable().get(0);
        assertEquals(47, worst.position());
        assertEquals(9, worst.symbol());
        assertArrayEquals(new int[] {0, 1, 2}, worst.context());
        assertTrue(v.leastProbable().get(0).probability() <= v.leastProbable().get(1).probability());
    }

    @Test
    void normalBehaviourDoesNotAlert() {
        ProcessScorer scorer = new ProcessScorer(loopModel(), 20, 0.5);
        for (int s : loop(500)) {
            scorer.accept(s);
        }
        assertFalse(scorer.alerting());
        assertTrue(scorer.processScore() < 0.1, "score " + scorer.processScore());
    }

    @Test
    void emptyAndUnknownInputDoNotCrash() {
        ProcessScorer scorer = new ProcessScorer(loopModel(), 20, 0.5);
        assertEquals(0, scorer.windowScore());
        assertEquals(0, scorer.processScore());
        assertTrue(scorer.verdict(5).leastProbable().isEmpty());
        assertTrue(Double.isFinite(scorer.accept(123456)));
    }

    @Test
    void interleavedProcessesAreScoredIndependently() {
        MarkovModel m = MarkovModelTest.model(3, 1, 7);
        int[] a = MarkovModelTest.randomTrace(new Random(1), 80, 12);
        int[] b = MarkovModelTest.randomTrace(new Random(2), 80, 12);
        StreamScorer stream = new StreamScorer(m, 10, 3.0);
        ProcessScorer alone = new ProcessScorer(m, 10, 3.0);
        for (int i = 0; i < 80; i++) {
            stream.accept(1, a[i]);
            stream.accept(2, b[i]);
            alone.accept(a[i]);
        }
        assertEquals(2, stream.activeProcesses());
        Verdict v = stream.end(1, 3);
        assertEquals(alone.processScore(), v.processScore(), 1e-9);
        assertEquals(1, stream.activeProcesses());
    }
}
