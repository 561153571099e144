package io.yalas.cli;

import io.yalas.modelstore.ModelKey;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.Alert;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.Severity;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas status} over a real broker, registry and Flink, fed as shippers, the model store and the detect job feed it. */
class StatusCommandTest {
    static final Instant NOW = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    static YalasStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = YalasStack.start(StackConfig.temporary());
        Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
        AvroSerializer<HostStats> stats = new AvroSerializer<>(registry, AvroSerializer.valueSubject(Topics.STATS), HostStats.getClassSchema());
        AvroSerializer<Alert> alerts = new AvroSerializer<>(registry, AvroSerializer.valueSubject(Topics.ALERTS), Alert.getClassSchema());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (HostStats s : List.of(report("web-1", NOW.minusSeconds(25), 0), report("web-1", NOW.minusSeconds(15), 7),
                    report("db-1", NOW.minus(Duration.ofHours(3)), 0), report("ok-1", NOW.minusSeconds(5), 0))) {
                p.send(new ProducerRecord<>(Topics.STATS, s.getHost().getBytes(StandardCharsets.UTF_8), stats.serialize(s))).get();
            }
            p.send(new ProducerRecord<>(Topics.STATS, "x".getBytes(StandardCharsets.UTF_8), "not stats".getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(Topics.ALERTS, alerts.serialize(AlertsCommandTest.alert("s-1", "web-1", "rule:debugger", Severity.HIGH, NOW, 1)))).get();
            p.send(new ProducerRecord<>(Topics.ALERTS, alerts.serialize(AlertsCommandTest.alert("s-2", "web-1", "markov", Severity.MEDIUM,
                    NOW.minus(Duration.ofDays(3)), 2)))).get();
        }
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            store.add(ModelsCommandTest.model(4, List.of("read")));
            store.add(ModelsCommandTest.model(4, List.of("read")));
            store.promote(new ModelKey("web", 2));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HostStats report(String host, Instant end, long kernelDrops) {
        return HostStats.newBuilder().setHost(host).setBootId("b").setIntervalStart(end.minusSeconds(10)).setIntervalEnd(end)
                .setFirstSeq(0).setLastSeq(99).setKernelRecords(150).setKernelBytes(27_000).setEventsIn(150).setEventsOut(100)
                .setKafkaBytes(1_000).setReductionRatio(27).setKernelDrops(kernelDrops == 0 ? Map.of() : Map.of("ring_full", kernelDrops))
                .setSpoolBytes(host.equals("web-1") ? 4096 : 0).build();
    }

    @Test
    void showsEachHostTheModelsTheExceptionsTheAlertsAndTheJobs() {
        var status = run(YalasCommandTest.on(YalasCommandTest.clusterOf(stack), "status",
                "--flink", stack.flink().orElseThrow().webUrl().substring("http://".length())));
        assertEquals(0, status.exit(), status.err());
        List<String> lines = status.out().lines().toList();
        String web = lines.stream().filter(l -> l.contains("web-1")).findFirst().orElseThrow();
        assertTrue(web.contains("LOSING EVENTS") && web.contains("200 events shipped, lost 7 in the kernel and 0 in the shipper; spool 4,096 bytes")
                && web.contains("last report " + NOW.minusSeconds(15)), web);
        assertTrue(lines.stream().anyMatch(l -> l.contains("db-1") && l.contains("SILENT")), status.out());
        assertTrue(lines.stream().anyMatch(l -> l.contains("ok-1") && l.contains(" OK ")), status.out());
        assertTrue(status.out().contains("models: 1 profiles, 1 enforcing"), status.out());
        assertTrue(status.out().contains("rule exceptions: none set"), status.out());
        assertTrue(status.out().contains("alerts: 2 in all, 1 HIGH in the last 24 h"), status.out());
        assertTrue(status.out().contains("flink " + stack.flink().orElseThrow().webUrl() + ": 0 job(s)"), status.out());
    }
}
