package io.yalas.model;

import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.History;
import io.yalas.model.train.ModelState;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.BehaviorModel;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AvroRoundTripTest {
    @Test
    void modelSurvivesAvroUnchanged() {
        Provenance prov = new Provenance(List.of("run-1", "run-2"), "integration-tests", List.of("host-a"),
                Instant.parse("2026-11-20T10:00:00Z"), Instant.parse("2026-11-20T11:00:00Z"));
        TrainedModel m = new ModelTrainer(TrainingTest.SMALL).train("nginx:1.27", EventAlphabet.DEFAULT.ref(),
                TrainingTest.traces(5, 40), prov).withState(ModelState.ENFORCING);

        BehaviorModel avro = BehaviorModelCodec.toAvro(m);
        TrainedModel back = BehaviorModelCodec.fromBytes(BehaviorModelCodec.toBytes(m));

        assertEquals(m.profile(), back.profile());
        assertEquals(m.version(), back.version());
        assertEquals(m.alphabet(), back.alphabet());
        assertEquals(m.config(), back.config());
        assertEquals(m.markov().contexts(), back.markov().contexts());
        assertEquals(m.threshold(), back.threshold());
        assertEquals(m.scores(), back.scores());
        assertEquals(m.completeness(), back.completeness());
        assertEquals(m.provenance(), back.provenance());
        assertEquals(m.trainingProcesses(), back.trainingProcesses());
        assertEquals(ModelState.ENFORCING, back.state());
        assertEquals(m.createdAt(), back.createdAt());
        assertEquals(m.markov().vocabularySize(), avro.getSmoothing().getVocabularySize());

        int[] trace = MarkovModelTest.randomTrace(new Random(8), 100, 12);
        History h1 = new History(m.config().maxOrder());
        History h2 = new History(m.config().maxOrder());
        for (int s : trace) {
            assertEquals(m.markov().surprisal(h1, s), back.markov().surprisal(h2, s), 0.0);
            h1.push(s);
            h2.push(s);
        }
    }

    @Test
    void garbageIsRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> BehaviorModelCodec.fromBytes(new byte[] {1, 2, 3}));
    }
}
