package io.yalas.model;

import io.yalas.model.markov.ContextCounts;
import io.yalas.model.markov.History;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.Symbols;
import io.yalas.model.markov.TransitionCounts;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkovModelTest {
    static int[] randomTrace(Random r, int length, int symbols) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            // A skewed, partly sequential source so that long contexts matter.
            t[i] = i > 0 && r.nextDouble() < 0.6 ? (t[i - 1] + 1) % symbols : r.nextInt(symbols) * r.nextInt(2);
        }
        return t;
    }

    static MarkovModel model(int order, int prune, long seed) {
        TransitionCounts c = new TransitionCounts(order, 1);
        Random r = new Random(seed);
        for (int i = 0; i < 30; i++) {
            c.observeTrace(randomTrace(r, 200, 12));
        }
        return c.compile(prune);
    }

    @Test
    void probabilitiesSumToOnePerContext() {
        MarkovModel m = model(4, 1, 1);
        int[] vocab = m.vocabulary();
        List<int[]> contexts = new java.util.ArrayList<>(m.contexts().stream().map(ContextCounts::context).toList());
        contexts.add(new int[] {99, 98, 97});          // never seen: backs off to the root
        contexts.add(new int[] {Symbols.START, 3});
        for (int[] ctx : contexts) {
            double sum = m.unknownProbability(ctx);
            for (int x : vocab) {
                sum += m.probability(ctx, x);
            }
            assertEquals(1.0, sum, 1e-5, "context " + java.util.Arrays.toString(ctx));
        }
    }

    @Test
    void unknownSymbolsGetSmallFiniteProbability() {
        MarkovModel m = model(3, 1, 2);
        double p = m.probability(new int[] {1, 2, 3}, 1000);
        assertTrue(p > 0 && p < 0.01, "p=" + p);
        History h = new History(3);
        assertTrue(Double.isFinite(m.surprisal(h, 1000)));
    }

    @Test
    void streamingSurprisalMatchesExplicitContexts() {
        MarkovModel m = model(3, 1, 3);
        int[] trace = randomTrace(new Random(9), 50, 12);
        History h = new History(3);
        int[] withStart = new int[trace.length + 1];
        withStart[0] = Symbols.START;
        System.arraycopy(trace, 0, withStart, 1, trace.length);
        for (int i = 0; i < trace.length; i++) {
            int from = Math.max(0, i + 1 - 3);
            int[] ctx = java.util.Arrays.copyOfRange(withStart, from, i + 1);
            assertEquals(m.probability(ctx, trace[i]), Math.exp(-m.surprisal(h, trace[i])), 1e-6);
            h.push(trace[i]);
        }
    }

    @Test
    void pruningDropsRareLongContextsAndStaysSuffixClosed() {
        MarkovModel full = model(5, 1, 4);
        MarkovModel pruned = model(5, 3, 4);
        assertTrue(pruned.contexts().size() < full.contexts().size());
        Set<String> present = new HashSet<>();
        pruned.contexts().forEach(c -> present.add(java.util.Arrays.toString(c.context())));
        for (ContextCounts c : pruned.contexts()) {
            if (c.order() >= 2) {
                assertTrue(c.total() >= 3, "kept a rare context " + c);
            }
            if (c.order() > 0) {
                int[] suffix = java.util.Arrays.copyOfRange(c.context(), 1, c.order());
                assertTrue(present.contains(java.util.Arrays.toString(suffix)), "missing suffix of " + c);
            }
        }
        // Orders 0 and 1 are never pruned: the vocabulary stays whole.
        assertEquals(full.vocabularySize(), pruned.vocabularySize());
    }

    @Test
    void countsAreIncrementalAndInterleavedProcessesStaySeparate() {
        TransitionCounts batch = new TransitionCounts(3, 1);
        batch.observeTrace(new int[] {1, 2, 3, 1, 2, 3});
        batch.observeTrace(new int[] {4, 5, 4, 5});
        TransitionCounts interleaved = new TransitionCounts(3, 1);
        History a = interleaved.newHistory();
        History b = interleaved.newHistory();
        int[] ta = {1, 2, 3, 1, 2, 3};
        int[] tb = {4, 5, 4, 5};
        for (int i = 0; i < 6; i++) {
            interleaved.observe(a, ta[i]);
            if (i < 4) {
                interleaved.observe(b, tb[i]);
            }
        }
        assertEquals(Set.copyOf(batch.contextCounts(1)), Set.copyOf(interleaved.contextCounts(1)));
        assertEquals(2, interleaved.processes());
        assertEquals(10, interleaved.symbols());
    }

    @Test
    void rejectsInconsistentCounts() {
        assertThrows(IllegalArgumentException.class, () -> new TransitionCounts(3, 1).compile(1), "no data");
        ContextCounts root = new ContextCounts(new int[0], new int[] {1}, new long[] {1});
        ContextCounts orphan = new ContextCounts(new int[] {7, 1}, new int[] {1}, new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> MarkovModel.of(3, List.of(root, orphan)));
        assertThrows(IllegalArgumentException.class, () -> new ContextCounts(new int[0], new int[] {2, 1}, new long[] {1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new TransitionCounts(3, 1).observe(new History(3), -5));
        assertFalse(MarkovModel.of(3, List.of(root)).contexts().isEmpty());
    }
}
