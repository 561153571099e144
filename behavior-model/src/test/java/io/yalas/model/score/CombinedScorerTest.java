package io.yalas.model.score;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombinedScorerTest {
    static final int WINDOW = 16;

    /** Processes of three "programs", each with its own symbols and loop, plus noise. */
    static List<int[]> traces(Random r, int n) {
        List<int[]> out = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int program = t % 3;
            int[] trace = new int[10 + r.nextInt(60)];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = r.nextInt(10) == 0 ? r.nextInt(15) : program * 5 + i % 5;
            }
            out.add(trace);
        }
        return out;
    }

    static TrainedModel model() {
        return new ModelTrainer(ModelConfig.DEFAULT.withWindow(WINDOW).withMaxOrder(3).withTargetFpr(0.05))
                .train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces(new Random(5), 90), Provenance.UNKNOWN);
    }

    static int[] stream(Random r, int n) {
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.nextInt(4) == 0 ? r.nextInt(20) : i % 5;
        }
        return s;
    }

    @Test
    void processScoreIsTheHighestStatisticOverJudgedEventsAndAlertingMatchesIt() {
        TrainedModel model = model();
        assertTrue(model.combined());
        Calibration cal = model.calibration();
        Random r = new Random(6);
        for (int trial = 0; trial < 20; trial++) {
            int[] s = stream(r, 1 + r.nextInt(80));
            ProcessScorer scorer = model.newProcessScorer();
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < s.length; i++) {
                scorer.accept(s[i]);
                double x = cal.statistic(scorer.windowScore(), scorer.setDistance());
                assertEquals(x, scorer.statistic(), 0);
                assertEquals(x > cal.threshold(), scorer.alerting(), "event " + i);
                if (scorer.windowFull()) {
                    best = Math.max(best, x);
                }
            }
            double expected = s.length >= WINDOW ? best : cal.statistic(scorer.windowScore(), scorer.setDistance());
            assertEquals(expected, scorer.processScore(), 0, "trial " + trial);
        }
    }

    @Test
    void theLazySetDistanceGivesTheSameScoresWhetherAskedOftenOrOnlyAtTheEnd() {
        TrainedModel model = model();
        Random r = new Random(12);
        for (int trial = 0; trial < 20; trial++) {
            int[] s = stream(r, 1 + r.nextInt(80));
            ProcessScorer asked = model.newProcessScorer();
            ProcessScorer quiet = model.newProcessScorer();
            for (int x : s) {
                asked.accept(x);
                quiet.accept(x);
                asked.alerting();
                asked.setDistance();
            }
            assertEquals(asked.processScore(), quiet.processScore(), 0);
            assertEquals(asked.setDistance(), quiet.setDistance(), 0);
            assertEquals(model.sets().distance(s), quiet.setDistance(), 1e-12);
        }
    }

    @Test
    void calibrationRunsReportTheStretchesTheStatisticPeaksIn() {
        TrainedModel model = model();
        Random r = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int[] s = stream(r, 1 + r.nextInt(80));
            List<double[]> segments = new ArrayList<>();
            ProcessScorer recording = new ProcessScorer(model.markov(), model.sets(), null, model.newScorerState(),
                    (w, d) -> segments.add(new double[] {w, d}));
            ProcessScorer scoring = model.newProcessScorer();
            for (int x : s) {
                recording.accept(x);
                scoring.accept(x);
            }
            recording.finish();
            double best = segments.stream().mapToDouble(g -> model.calibration().statistic(g[0], g[1])).max().orElseThrow();
            assertEquals(scoring.processScore(), best, 0);
            assertEquals(scoring.markovScore(), recording.markovScore(), 0);
        }
    }

    @Test
    void aProcessOfAnotherProgramScoresHigherThanTheTrainingPrograms() {
        TrainedModel model = model();
        ModelTrainer trainer = new ModelTrainer(model.config());
        Random r = new Random(8);
        int[] normal = traces(r, 1).get(0);
        int[] foreign = new int[60];
        for (int i = 0; i < foreign.length; i++) {
            foreign[i] = 20 + i % 7;
        }
        assertTrue(trainer.score(model, foreign) > model.processThreshold());
        assertTrue(trainer.score(model, foreign) > trainer.score(model, normal));
    }

    @Test
    void resumingFromACopiedCombinedStateScoresExactlyLikeNeverStopping() {
        TrainedModel model = model();
        int[] s = stream(new Random(9), 120);
        for (int cut : new int[] {0, 1, 3, 15, 16, 40, 119}) {
            ProcessScorer uninterrupted = model.newProcessScorer();
            ProcessScorer first = model.newProcessScorer();
            for (int i = 0; i < cut; i++) {
                uninterrupted.accept(s[i]);
                first.accept(s[i]);
            }
            ProcessScorer resumed = model.newProcessScorer(ScorerStateTest.copy(first.state()));
            for (int i = cut; i < s.length; i++) {
                assertEquals(uninterrupted.accept(s[i]), resumed.accept(s[i]), 0.0);
                assertEquals(uninterrupted.alerting(), resumed.alerting());
                assertEquals(uninterrupted.setDistance(), resumed.setDistance(), 0.0);
            }
            assertEquals(uninterrupted.processScore(), resumed.processScore(), 0.0);
            Verdict a = uninterrupted.verdict(3);
            Verdict b = resumed.verdict(3);
            assertEquals(a.score(), b.score(), 0.0);
            assertEquals(a.processScore(), b.processScore(), 0.0);
            assertEquals(a.threshold(), b.threshold(), 0.0);
            assertEquals(a.statistic(), b.statistic(), 0.0);
            assertEquals(a.alert(), b.alert());
            for (int i = 0; i < a.leastProbable().size(); i++) {
                assertEquals(a.leastProbable().get(i).position(), b.leastProbable().get(i).position());
                assertArrayEquals(a.leastProbable().get(i).context(), b.leastProbable().get(i).context());
            }
        }
    }

    @Test
    void verdictExplainsInNatsAndCarriesTheCombinedFigures() {
        TrainedModel model = model();
        ProcessScorer scorer = model.newProcessScorer();
        for (int x : stream(new Random(10), 50)) {
            scorer.accept(x);
        }
        Verdict v = scorer.verdict(4);
        assertEquals(4, v.leastProbable().size());
        assertEquals(scorer.windowThreshold(), v.threshold(), 0);
        assertEquals(v.score() > v.threshold(), v.alert());
        assertEquals(model.calibration().threshold(), v.statisticThreshold(), 0);
        assertEquals(scorer.setDistance(), v.setDistance(), 0);
        long first = 50 - WINDOW;
        v.leastProbable().forEach(t -> assertTrue(t.position() >= first && t.position() < 50));
        for (int i = 1; i < v.leastProbable().size(); i++) {
            assertTrue(v.leastProbable().get(i - 1).probability() <= v.leastProbable().get(i).probability());
        }
    }

    @Test
    void markovOnlyModelsKeepTheirBehaviour() {
        TrainedModel model = new ModelTrainer(ModelConfig.DEFAULT.withWindow(WINDOW).withMaxOrder(3).withSetNovelty(false))
                .train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces(new Random(5), 30), Provenance.UNKNOWN);
        assertFalse(model.combined());
        assertNull(model.sets());
        ProcessScorer scorer = model.newProcessScorer();
        for (int x : stream(new Random(11), 40)) {
            scorer.accept(x);
        }
        assertEquals(scorer.markovScore(), scorer.processScore(), 0);
        assertEquals(model.threshold().value(), scorer.verdict(2).threshold(), 0);
        assertTrue(Double.isNaN(scorer.setDistance()));
        assertEquals(model.threshold().value(), model.processThreshold(), 0);
    }

    @Test
    void tooFewProcessesToExpressTheTargetRateStayMarkovOnly() {
        assertEquals(99, ModelTrainer.minCalibrationProcesses(0.01));
        assertEquals(19, ModelTrainer.minCalibrationProcesses(0.05));
        ModelConfig config = ModelConfig.DEFAULT.withWindow(WINDOW).withMaxOrder(3).withTargetFpr(0.05);
        TrainedModel few = new ModelTrainer(config).train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(),
                traces(new Random(5), 18), Provenance.UNKNOWN);
        assertFalse(few.combined());
        assertEquals(few.threshold().value(), few.processThreshold(), 0);
        TrainedModel enough = new ModelTrainer(config).train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(),
                traces(new Random(5), 19), Provenance.UNKNOWN);
        assertTrue(enough.combined());
    }

    @Test
    void stateWithoutTheSetPartIsRefusedByACombinedModel() {
        TrainedModel model = model();
        ScorerState markovOnly = ScorerState.empty(WINDOW, model.markov().maxOrder());
        assertThrows(IllegalArgumentException.class, () -> model.newProcessScorer(markovOnly));
        assertThrows(IllegalArgumentException.class,
                () -> new ProcessScorer(model.markov(), model.sets(), null, model.newScorerState(), null));
    }
}
