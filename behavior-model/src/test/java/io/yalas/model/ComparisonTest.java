package io.yalas.model;

import io.yalas.model.compare.ModelComparison;
import io.yalas.model.compare.ModelComparison.ModelDiff;
import io.yalas.model.markov.MarkovModel;
import io.yalas.model.markov.TransitionCounts;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {
    private static MarkovModel of(int[]... traces) {
        TransitionCounts c = new TransitionCounts(2, 1);
        for (int[] t : traces) {
            c.observeTrace(t);
        }
        return c.compile(1);
    }

    @Test
    void divergenceIsZeroForIdenticalSymmetricAndBounded() {
        MarkovModel a = MarkovModelTest.model(3, 1, 1);
        MarkovModel a2 = MarkovModelTest.model(3, 1, 1);
        MarkovModel b = MarkovModelTest.model(3, 1, 2);
        assertEquals(0, ModelComparison.jensenShannon(a, a2, 1), 1e-12);
        double ab = ModelComparison.jensenShannon(a, b, 2);
        assertEquals(ab, ModelComparison.jensenShannon(b, a, 2), 1e-12);
        assertTrue(ab > 0 && ab < 1, "js " + ab);
        MarkovModel disjoint = of(new int[] {50, 51, 52, 50, 51, 52});
        assertEquals(1.0, ModelComparison.jensenShannon(of(new int[] {1, 2, 3, 1, 2, 3}), disjoint, 0), 1e-9);
    }

    @Test
    void diffListsWhatOnlyOneModelDid() {
        MarkovModel a = of(new int[] {1, 2, 3, 1, 2, 3, 5});
        MarkovModel b = of(new int[] {1, 2, 3, 1, 2, 4, 4});
        ModelDiff d = ModelComparison.diff(a, b, 10);
        assertEquals(5, d.symbolsOnlyInA().get(0).symbol());
        assertEquals(1, d.symbolsOnlyInB().size());
        assertEquals(4, d.symbolsOnlyInB().get(0).symbol());
        assertTrue(d.transitionsOnlyInA().stream().anyMatch(x -> x.context()[0] == 3 && x.symbol() == 5));
        assertTrue(d.transitionsOnlyInB().stream().anyMatch(x -> x.context()[0] == 2 && x.symbol() == 4));
        String text = d.toText(s -> "s" + s);
        assertTrue(text.contains("s2 -> s4"), text);
        assertTrue(d.jensenShannonBits() > 0);
    }
}
