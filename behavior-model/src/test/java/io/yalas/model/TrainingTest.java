package io.yalas.model;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.markov.Completeness;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.markov.TransitionCounts;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.ProfileLearner;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {
    static final ModelConfig SMALL = new ModelConfig(3, 1, 20, 0.05, 5, 0, 0.01);

    static List<int[]> traces(long seed, int n) {
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(MarkovModelTest.randomTrace(r, 50 + r.nextInt(100), 10));
        }
        return out;
    }

    @Test
    void thresholdKeepsTheHeldOutFalseAlarmRateNearTheTarget() {
        ModelTrainer trainer = new ModelTrainer(SMALL);
        TrainedModel m = trainer.train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces(1, 200), Provenance.UNKNOWN);
        assertEquals(200, m.threshold().heldOutProcesses());
        assertTrue(m.threshold().heldOutFpr() <= 0.05, "held-out fpr " + m.threshold().heldOutFpr());
        // Fresh processes from the same source: the false-alarm rate stays near the target.
        long alarms = traces(2, 400).stream().filter(t -> trainer.score(m.markov(), t) > m.threshold().value()).count();
        assertTrue(alarms / 400.0 < 0.10, "fresh fpr " + alarms / 400.0);
        assertEquals(200, m.scores().count());
        assertTrue(m.scores().values()[4] >= m.threshold().value());
    }

    @Test
    void heldOutFoldsAreContiguousSoARunIsJudgedByTheOtherRuns() {
        // Two runs learned one after the other, each from its own symbols: with two contiguous folds each
        // run is held out whole and scored by a model of the other run, so every held-out score is high.
        // Round-robin folds would put half of each run on both sides and give familiar, low scores.
        Random r = new Random(5);
        List<int[]> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            for (int i = 0; i < 10; i++) {
                int[] t = MarkovModelTest.randomTrace(r, 100, 5);
                for (int j = 0; j < t.length; j++) {
                    t[j] += 5 * run;
                }
                runs.add(t);
            }
        }
        ModelTrainer trainer = new ModelTrainer(new ModelConfig(3, 1, 20, 0.05, 2, 0, 0.01, false));
        TrainedModel m = trainer.train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(), runs, Provenance.UNKNOWN);
        double familiar = trainer.score(m.markov(), MarkovModelTest.randomTrace(r, 100, 5));
        double median = m.scores().values()[0];
        assertTrue(median > 2 * familiar, "held-out median " + median + ", familiar " + familiar);
    }

    @Test
    void crossEntropyPrefersTheOrderOfTheSource() {
        // An order-2 source: the next symbol is a function of the previous two, plus noise.
        Random r = new Random(11);
        List<int[]> traces = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int[] t = new int[200];
            t[0] = r.nextInt(6);
            t[1] = r.nextInt(6);
            for (int j = 2; j < t.length; j++) {
                t[j] = r.nextDouble() < 0.1 ? r.nextInt(6) : (t[j - 1] * 3 + t[j - 2]) % 6;
            }
            traces.add(t);
        }
        double order1 = new ModelTrainer(SMALL.withMaxOrder(1)).heldOutCrossEntropy(traces);
        double order2 = new ModelTrainer(SMALL.withMaxOrder(2)).heldOutCrossEntropy(traces);
        assertTrue(order2 < order1 - 0.5, "order 1 " + order1 + ", order 2 " + order2);
    }

    @Test
    void tooFewProcessesGiveNoThresholdInsteadOfAWrongOne() {
        TrainedModel m = new ModelTrainer(SMALL).train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(),
                List.of(new int[] {1, 2, 3}), Provenance.UNKNOWN);
        assertEquals(Double.POSITIVE_INFINITY, m.threshold().value());
        assertTrue(Double.isNaN(m.threshold().heldOutFpr()));
    }

    @Test
    void emptyTrainingDataIsAClearError() {
        ModelTrainer t = new ModelTrainer(SMALL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.train("web", IntegerAlphabet.SYSCALL_NUMBERS.ref(), List.of(new int[0], new int[0]), Provenance.UNKNOWN));
        assertTrue(e.getMessage().contains("web"), e.getMessage());
    }

    /**
     * i.i.d. draws from a Zipf-like distribution over 2000 symbols: the true probability of an unseen
     * next symbol is known (the mass of symbols not drawn yet), and Good-Turing must track it.
     */
    @Test
    void goodTuringUnseenMassTracksTheTrueMissingMass() {
        int k = 2000;
        double[] p = new double[k];
        double z = 0;
        for (int i = 0; i < k; i++) {
            p[i] = 1.0 / (i + 1);
            z += p[i];
        }
        double[] cdf = new double[k];
        double acc = 0;
        for (int i = 0; i < k; i++) {
            acc += p[i] / z;
            cdf[i] = acc;
        }
        Random r = new Random(3);
        TransitionCounts counts = new TransitionCounts(1, 0);
        boolean[] seen = new boolean[k];
        io.yalas.model.markov.History h = counts.newHistory();
        for (int n = 0; n < 20000; n++) {
            int x = java.util.Arrays.binarySearch(cdf, r.nextDouble());
            x = Math.min(k - 1, x < 0 ? -x - 1 : x);
            seen[x] = true;
            counts.observe(h, x);
        }
        double trueMissing = 0;
        for (int i = 0; i < k; i++) {
            if (!seen[i]) {
                trueMissing += p[i] / z;
            }
        }
        Completeness c = counts.completeness(0.01);
        assertEquals(trueMissing, c.unseenMass(), 0.02, "true " + trueMissing + " estimated " + c.unseenMass());
        assertTrue(c.trend() < 0, "converging source: unseen mass must fall, trend " + c.trend());
        assertFalse(c.ready(), c.reason());
        assertTrue(c.history().size() >= 4);
    }

    @Test
    void readyOnceASmallAlphabetIsExhausted() {
        TransitionCounts counts = new TransitionCounts(2, 1);
        for (int i = 0; i < 300; i++) {
            counts.observeTrace(ScorerTest.loop(100));
        }
        Completeness c = counts.completeness(0.01);
        assertTrue(c.ready(), c.reason());
        assertTrue(c.unseenMass() < 1e-3);
        assertTrue(c.reason().contains("ready to enforce"));
    }

    @Test
    void profileLearnerKeysByProfileAndProcess() {
        ProfileLearner learner = new ProfileLearner(SMALL, IntegerAlphabet.SYSCALL_NUMBERS.ref());
        List<int[]> web = traces(4, 20);
        for (int i = 0; i < web.size(); i++) {
            for (int s : web.get(i)) {
                learner.observe("web", i, s);
                learner.observe("db", 1000 + i, 7);
            }
            learner.endProcess("web", i);
        }
        TrainedModel m = learner.build("web", Provenance.UNKNOWN);
        TrainedModel direct = new ModelTrainer(SMALL).train("web", IntegerAlphabet.SYSCALL_NUMBERS.ref(), web, Provenance.UNKNOWN);
        assertEquals(direct.markov().contexts(), m.markov().contexts());
        assertEquals(direct.threshold().value(), m.threshold().value(), 1e-12);
        assertEquals(1, learner.build("db", Provenance.UNKNOWN).markov().vocabularySize());
        assertThrows(IllegalArgumentException.class, () -> learner.build("nope", Provenance.UNKNOWN));
    }
}
