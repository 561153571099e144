package io.yalas.model.markov;

import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A loop seen thousands of times makes its longest contexts deterministic: P rounds to exactly 1 and
 * its surprisal to -0.0. Such transitions must cost nothing, at every order up to the maximum.
 */
class CertainTransitionTest {
    @Test
    void aDeterministicLoopCostsNothingAtEveryOrder() {
        int[] loop = {10, 11, 12, 13, 14, 13};
        TransitionCounts counts = new TransitionCounts(ModelConfig.DEFAULT.withMaxOrder(5));
        for (int p = 0; p < 20; p++) {
            History h = counts.newHistory();
            for (int r = 0; r < 200; r++) {
                for (int s : loop) {
                    counts.observe(h, s);
                }
            }
        }
        MarkovModel model = counts.compile(1);
        History h = new History(model.maxOrder());
        double worst = 0;
        for (int r = 0; r < 10; r++) {
            for (int s : loop) {
                if (r > 0) {
                    worst = Math.max(worst, model.surprisal(h, s));
                }
                h.push(s);
            }
        }
        assertEquals(0.0, worst, 1e-3, "a transition seen 4000 times in a deterministic context");
        assertEquals(1.0, model.probability(new int[] {11, 12, 13, 14, 13}, 10), 1e-3);
    }
}
