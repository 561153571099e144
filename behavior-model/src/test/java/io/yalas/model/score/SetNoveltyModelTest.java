package io.yalas.model.score;

import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.TransitionCounts;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SetNoveltyModelTest {
    static List<int[]> training(Random r, int n) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // each process uses a random subset of 0..29, skewed towards low symbols
            int[] t = new int[5 + r.nextInt(60)];
            int span = 5 + r.nextInt(25);
            for (int j = 0; j < t.length; j++) {
                t[j] = r.nextInt(span);
            }
            out.add(t);
        }
        return out;
    }

    static double bruteForceJaccard(List<int[]> training, int[] trace) {
        Set<Integer> s = new HashSet<>();
        Arrays.stream(trace).forEach(s::add);
        if (s.isEmpty()) {
            return 0;
        }
        double best = 0;
        for (int[] t : training) {
            Set<Integer> u = new HashSet<>();
            Arrays.stream(t).forEach(u::add);
            if (u.isEmpty()) {
                continue;
            }
            Set<Integer> inter = new HashSet<>(s);
            inter.retainAll(u);
            Set<Integer> union = new HashSet<>(s);
            union.addAll(u);
            best = Math.max(best, inter.size() / (double) union.size());
        }
        return 1 - best;
    }

    static MarkovModel markov(List<int[]> traces) {
        TransitionCounts c = new TransitionCounts(2, 1);
        traces.forEach(c::observeTrace);
        return c.compile(1);
    }

    @Test
    void incrementalDistanceEqualsBruteForceAfterEveryEvent() {
        Random r = new Random(4);
        List<int[]> train = training(r, 40);
        train.add(new int[0]);
        SetNoveltyModel sets = SetNoveltyModel.learn(train);
        MarkovModel m = markov(train);
        Calibration cal = Calibration.fit(Calibration.Rule.FISHER,
                List.of(CalibrationTest.run(1, 0.1), CalibrationTest.run(2, 0.2), CalibrationTest.run(3, 0.3)), 0.05);
        for (int trial = 0; trial < 30; trial++) {
            // known symbols only, then with symbols never seen in training (few enough not to share a bucket)
            int alphabet = trial < 15 ? 30 : 34;
            int[] trace = new int[1 + r.nextInt(120)];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = r.nextInt(alphabet);
            }
            ProcessScorer scorer = new ProcessScorer(m, 16, sets, cal);
            for (int i = 0; i < trace.length; i++) {
                scorer.accept(trace[i]);
                int[] prefix = Arrays.copyOf(trace, i + 1);
                assertEquals(bruteForceJaccard(train, prefix), scorer.setDistance(), 1e-12, "trial " + trial + " event " + i);
                assertEquals(sets.distance(prefix), scorer.setDistance(), 1e-12);
            }
        }
    }

    @Test
    void identicalSetsAreNearAndDisjointOnesFar() {
        SetNoveltyModel sets = SetNoveltyModel.learn(List.of(new int[] {1, 2, 3, 3, 2}, new int[] {3, 2, 1}, new int[] {7, 8}));
        assertEquals(2, sets.setCount());                      // duplicates collapse
        assertEquals(0, sets.distance(new int[] {2, 1, 3}), 0);
        assertEquals(0, sets.distance(new int[0]), 0);
        assertEquals(1, sets.distance(new int[] {100, 200}), 0); // only symbols never seen
        assertEquals(1 - 2 / 3.0, sets.distance(new int[] {7, 8, 9}), 1e-12);
        assertEquals(List.of(List.of(7, 8), List.of(1, 2, 3)),
                sets.sets().stream().map(a -> Arrays.stream(a).boxed().toList()).toList());
        assertThrows(IllegalArgumentException.class, () -> SetNoveltyModel.learn(List.of(new int[0])));
    }
}
