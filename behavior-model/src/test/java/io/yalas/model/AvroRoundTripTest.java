package io.yalas.model;

import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.History;
import io.yalas.model.train.ModelState;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.BehaviorModel;
import io.yalas.model.score.ProcessScorer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
        assertTrue(m.combined());
        assertEquals(m.calibration(), back.calibration());
        assertEquals(m.sets().setCount(), back.sets().setCount());
        for (int i = 0; i < m.sets().setCount(); i++) {
            assertArrayEquals(m.sets().sets().get(i), back.sets().sets().get(i));
        }

        int[] trace = MarkovModelTest.randomTrace(new Random(8), 100, 12);
        ProcessScorer a = m.newProcessScorer();
        ProcessScorer b = back.newProcessScorer();
        for (int s : trace) {
            a.accept(s);
            b.accept(s);
            assertEquals(a.processScore(), b.processScore(), 0.0);
            assertEquals(a.alerting(), b.alerting());
        }
        History h1 = new History(m.config().maxOrder());
        History h2 = new History(m.config().maxOrder());
        for (int s : trace) {
            assertEquals(m.markov().surprisal(h1, s), back.markov().surprisal(h2, s), 0.0);
            h1.push(s);
            h2.push(s);
        }
    }

    /** The schema before the set-novelty fields, as shipped in the first models (a resource of the codec). */
    static Schema firstSchema() throws IOException {
        try (InputStream in = BehaviorModelCodec.class.getResourceAsStream("BehaviorModel-1.avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    @Test
    void theSchemaReadsModelsWrittenBeforeTheSetNoveltyFields() throws IOException {
        Schema old = firstSchema();
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(BehaviorModel.getClassSchema(), old).getType());

        // A model as the first version wrote it: today's record projected onto the old schema.
        TrainedModel m = new ModelTrainer(TrainingTest.SMALL).train("nginx:1.27", EventAlphabet.DEFAULT.ref(),
                TrainingTest.traces(5, 40), Provenance.UNKNOWN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<BehaviorModel>(BehaviorModel.getClassSchema()).write(BehaviorModelCodec.toAvro(m), enc);
        enc.flush();
        GenericRecord asOld = new GenericDatumReader<GenericRecord>(BehaviorModel.getClassSchema(), old)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        byte[] oldBytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), old).encode(asOld).array();

        TrainedModel back = BehaviorModelCodec.fromBytes(oldBytes);
        assertFalse(back.combined());
        assertFalse(back.config().setNovelty());
        assertEquals(m.markov().contexts(), back.markov().contexts());
        assertEquals(m.threshold(), back.threshold());
        ProcessScorer scorer = back.newProcessScorer();
        for (int s : MarkovModelTest.randomTrace(new Random(9), 50, 12)) {
            scorer.accept(s);
        }
        assertEquals(scorer.markovScore(), scorer.processScore(), 0.0);
    }

    @Test
    void garbageIsRejectedClearly() {
        assertThrows(IllegalArgumentException.class, () -> BehaviorModelCodec.fromBytes(new byte[] {1, 2, 3}));
    }
}
