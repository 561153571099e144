package io.yalas.cli;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.SyscallCount;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas models} against a running stack, reached the way a real cluster is. */
class ModelsCommandTest {
    static YalasStack stack;
    static String[] cluster;

    @BeforeAll
    static void start() {
        stack = YalasStack.start(StackConfig.temporary().withoutFlink());
        cluster = YalasCommandTest.clusterOf(stack);
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            store.add(model(4, List.of("read", "write")));
            store.add(model(6, List.of("read", "write", "connect")));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static BehaviorModel model(int alphabetSize, List<String> syscalls) {
        List<int[]> traces = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int[] trace = new int[100];
            for (int i = 0; i < trace.length; i++) {
                trace[i] = (i * (t + 1)) % alphabetSize;
            }
            traces.add(trace);
        }
        var trained = new ModelTrainer(ModelConfig.DEFAULT.withWindow(10))
                .train("web", IntegerAlphabet.SYSCALL_NUMBERS.ref(), traces, Provenance.UNKNOWN);
        return BehaviorModel.newBuilder(BehaviorModelCodec.toAvro(trained))
                .setSyscalls(syscalls.stream().map(s -> new SyscallCount(s, 1L)).toList()).build();
    }

    static String[] args(String... sub) {
        return YalasCommandTest.on(cluster, "models", sub);
    }

    @Test
    void listPromoteShowDiffExport(@TempDir Path dir) throws Exception {
        var list = run(args("list"));
        assertEquals(0, list.exit(), list.err());
        assertTrue(list.out().contains("web") && list.out().contains("v2"), list.out());

        var refused = run(args("promote", "--require-ready", "web@2"));
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("web@2 is not ready to enforce (unseen-transition mass") && refused.err().contains("nothing changed"), refused.err());
        assertTrue(run(args("list")).out().lines().noneMatch(l -> l.contains("ENFORCING")), "refused means unchanged");
        var promote = run(args("promote", "web@2"));
        assertEquals(0, promote.exit(), promote.err());
        // these few synthetic traces do not complete learning: the promotion goes ahead, and says so
        assertTrue(promote.err().startsWith("note: web@2 enforces before its learning is complete (unseen-transition mass"), promote.err());
        assertTrue(promote.out().contains("ENFORCING"), promote.out());
        var show = run(args("show", "web@enforcing"));
        assertTrue(show.out().contains("\"version\" : 2"), show.out());

        var diff = run(args("diff", "web@1", "web@2"));
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains("Jensen-Shannon"), diff.out());

        Path file = dir.resolve("seccomp.json");
        var export = run(args("export", "web@2", "--format", "seccomp", "-o", file.toString()));
        assertEquals(0, export.exit(), export.err());
        // these models record no training hosts: the export says, in one line on stderr, what it assumed
        assertEquals(1, export.err().lines().filter(l -> l.startsWith("note: assuming the sensor watched every syscall")).count(),
                export.err());
        String json = Files.readString(file);
        assertTrue(json.contains("\"connect\"") && json.contains("SCMP_ACT_ALLOW"), json);
    }

    @Test
    void aDamagedRecordInTheModelTopicIsSkippedWithANote() throws Exception {
        String topic = "yalas.models-damaged";
        try (ModelStore store = ModelStore.open(stack.kafka(), new HttpSchemaRegistryClient(stack.schemaRegistry()), topic, Duration.ofSeconds(15))) {
            store.add(model(4, List.of("read")));
        }
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(topic, "web@2".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8))).get();
        }
        var run = run(YalasCommandTest.on(cluster, "models", "--topic", topic, "list"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("web") && run.out().contains("v1"), run.out());
        assertTrue(run.err().contains("note: 1 record(s) of " + topic + " are not readable models and were skipped (offsets [1])"), run.err());
    }

    @Test
    void badArgumentsAreClearErrors() {
        var badKey = run(args("promote", "web"));
        assertNotEquals(0, badKey.exit());
        assertTrue(badKey.err().contains("expected PROFILE@VERSION"), badKey.err());
        var missing = run(args("show", "nothing-here"));
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("profile 'nothing-here' not found"), missing.err());
        var noFormat = run(args("export", "web"));
        assertNotEquals(0, noFormat.exit());
        assertTrue(noFormat.err().contains("--format"), noFormat.err());
        var noRegistry = run("models", "--bootstrap-servers", stack.bootstrapServers(), "list");
        assertNotEquals(0, noRegistry.exit());
        assertTrue(noRegistry.err().contains("needs your schema registry too: give --schema-registry"), noRegistry.err());
    }

    @Test
    void theApiIsServedToOtherMachinesOnlyWithAWriteToken(@TempDir Path dir) throws Exception {
        var open = run(args("serve", "--listen", "0.0.0.0:0"));
        assertEquals(2, open.exit(), open.out() + open.err());
        assertTrue(open.err().contains("--listen 0.0.0.0:0 is reachable from other machines: give --token-file"), open.err());

        Path weak = Files.writeString(dir.resolve("weak"), "secret\n");
        var shortToken = run(args("serve", "--listen", "0.0.0.0:0", "--token-file", weak.toString()));
        assertEquals(2, shortToken.exit(), shortToken.err());
        assertTrue(shortToken.err().contains("at least 16 printable ASCII characters"), shortToken.err());

        var missing = run(args("serve", "--token-file", dir.resolve("none").toString()));
        assertEquals(2, missing.exit(), missing.err());
        assertTrue(missing.err().contains("cannot read it"), missing.err());
    }
}
