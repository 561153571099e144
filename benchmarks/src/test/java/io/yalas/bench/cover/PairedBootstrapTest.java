package io.yalas.bench.cover;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedBootstrapTest {
    private static final Random R = new Random(3);
    private static final double[] NEG = R.doubles(200).toArray();
    // Ten runs of five attack traces each, overlapping the normals.
    private static final double[] POS = R.doubles(50).map(x -> x + 0.3).toArray();
    private static final int[] RUN = java.util.stream.IntStream.range(0, 50).map(i -> i / 5).toArray();

    @Test
    void sameDetectorDiffersByNothing() {
        double[] q = new PairedBootstrap(RUN, 10, 200, 1).interval(NEG, POS, NEG, POS);
        assertArrayEquals(new double[] {0, 0, 0}, q, 0);
    }

    @Test
    void aBetterSeparatingDetectorHasAPositiveInterval() {
        double[] better = java.util.Arrays.stream(POS).map(x -> x + 0.2).toArray();
        double[] q = new PairedBootstrap(RUN, 10, 200, 1).interval(NEG, POS, NEG, better);
        assertTrue(q[0] > 0 && q[0] <= q[1] && q[1] <= q[2], java.util.Arrays.toString(q));
    }
}
