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
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScorerStateTest {
    static TrainedModel model() {
        Random random = new Random(3);
        List<int[]> traces = new ArrayList<>();
        for (int t = 0; t < 10; t++) {
            int[] trace = new int[400];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = random.nextInt(8) == 0 ? random.nextInt(12) : i % 6;
            }
            traces.add(trace);
        }
        return new ModelTrainer(ModelConfig.DEFAULT.withWindow(16)).train("p", IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces, Provenance.UNKNOWN);
    }

    /** A copy as a checkpoint would make: same values, new arrays. */
    static ScorerState copy(ScorerState s) {
        ScorerState c = new ScorerState();
        c.surprisals = s.surprisals.clone();
        c.symbols = s.symbols.clone();
        c.position = s.position;
        c.joinedMidStream = s.joinedMidStream;
        c.windowSum = s.windowSum;
        c.maxFullWindow = s.maxFullWindow;
        c.seen = s.seen == null ? null : s.seen.clone();
        c.overlap = s.overlap == null ? null : s.overlap.clone();
        c.distinct = s.distinct;
        c.setDistance = s.setDistance;
        c.setStale = s.setStale;
        c.segmentMaxWindow = s.segmentMaxWindow;
        c.maxStatistic = s.maxStatistic;
        c.alertWindow = s.alertWindow;
        return c;
    }

    @Test
    void resumingFromACopiedStateScoresExactlyLikeNeverStopping() {
        TrainedModel model = model();
        double threshold = model.threshold().value();
        int window = model.config().window();
        Random random = new Random(9);
        int[] stream = new int[200];
        for (int i = 0; i < stream.length; i++) {
            stream[i] = random.nextInt(14);
        }
        for (int cut : new int[] {0, 1, 3, 5, 40, 199}) {
            ProcessScorer uninterrupted = new ProcessScorer(model.markov(), window, threshold);
            ProcessScorer first = new ProcessScorer(model.markov(), window, threshold);
            for (int i = 0; i < cut; i++) {
                uninterrupted.accept(stream[i]);
                first.accept(stream[i]);
            }
            ProcessScorer resumed = new ProcessScorer(model.markov(), threshold, copy(first.state()));
            for (int i = cut; i < stream.length; i++) {
                assertEquals(uninterrupted.accept(stream[i]), resumed.accept(stream[i]), 0.0, "event " + i + " after cut " + cut);
            }
            assertEquals(uninterrupted.processScore(), resumed.processScore(), 0.0);
            Verdict a = uninterrupted.verdict(3);
            Verdict b = resumed.verdict(3);
            assertEquals(a.score(), b.score(), 0.0);
            for (int i = 0; i < a.leastProbable().size(); i++) {
                assertEquals(a.leastProbable().get(i).position(), b.leastProbable().get(i).position());
                assertArrayEquals(a.leastProbable().get(i).context(), b.leastProbable().get(i).context());
            }
        }
    }

    @Test
    void stateOfTheWrongShapeIsRefused() {
        TrainedModel model = model();
        ScorerState wrong = ScorerState.empty(16, model.markov().maxOrder() + 1);
        assertThrows(IllegalArgumentException.class, () -> new ProcessScorer(model.markov(), 1.0, wrong));
        assertThrows(IllegalArgumentException.class, () -> new ProcessScorer(model.markov(), 1.0, new ScorerState()));
    }

    @Test
    void aProcessJoinedMidStreamIsNotChargedForTheContextItNeverSaw() {
        TrainedModel model = model();
        int[] loop = {0, 1, 2, 3, 4, 5};
        ScorerState state = model.newScorerState();
        state.joinedMidStream = true;
        ProcessScorer scorer = model.newProcessScorer(state);
        double first = 0;
        for (int i = 0; i < model.markov().maxOrder(); i++) {
            first += scorer.accept(loop[(i + 3) % loop.length]);
        }
        assertEquals(0.0, first, 0.0, "the first maxOrder events only establish the context");
        int next = loop[(model.markov().maxOrder() + 3) % loop.length];
        double continued = model.newProcessScorer(copy(state)).accept(next);
        org.junit.jupiter.api.Assertions.assertTrue(continued < 1.0, "with its context rebuilt the loop goes on as learned: " + continued);
    }
}
