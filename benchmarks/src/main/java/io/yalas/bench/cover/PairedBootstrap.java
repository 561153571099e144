package io.yalas.bench.cover;

import io.yalas.model.eval.Roc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Paired bootstrap of the difference in ROC AUC between two detectors scored on the same traces: is a
 * small difference a consistent one? Normal traces are resampled one by one; attack traces by their run
 * (ADFA-LD's attack folders): the traces of one run are one attack and are not independent, so resampling
 * them singly would understate the spread.
 *
 * @param runOf the run (cluster) of each attack trace, 0..runs-1
 */
record PairedBootstrap(int[] runOf, int runs, int resamples, long seed) {
    /** The 2.5%, 50% and 97.5% quantiles of AUC(b) - AUC(a) over the resamples. */
    double[] interval(double[] negA, double[] posA, double[] negB, double[] posB) {
        List<List<Integer>> members = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            members.add(new ArrayList<>());
        }
        for (int i = 0; i < runOf.length; i++) {
            members.get(runOf[i]).add(i);
        }
        Random random = new Random(seed);
        double[] diff = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            int[] n = random.ints(negA.length, 0, negA.length).toArray();
            List<Integer> p = new ArrayList<>();
            for (int k = 0; k < runs; k++) {
                p.addAll(members.get(random.nextInt(runs)));
            }
            diff[b] = auc(negB, posB, n, p) - auc(negA, posA, n, p);
        }
        Arrays.sort(diff);
        return new double[] {diff[(int) (0.025 * resamples)], diff[resamples / 2], diff[(int) (0.975 * resamples)]};
    }

    private static double auc(double[] neg, double[] pos, int[] n, List<Integer> p) {
        return Roc.auc(Arrays.stream(n).mapToDouble(i -> neg[i]).toArray(), p.stream().mapToDouble(i -> pos[i]).toArray());
    }
}
