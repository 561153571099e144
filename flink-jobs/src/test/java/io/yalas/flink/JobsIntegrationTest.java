package io.yalas.flink;

import io.yalas.flink.detect.DetectSettings;
import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.EventCodec;
import io.yalas.flink.kafka.ConfluentAvroRecordDeserializer;
import io.yalas.flink.kafka.EncodedEventDeserializer;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.flink.learn.LearnJob;
import io.yalas.flink.learn.LearnSettings;
import io.yalas.modelstore.ModelKey;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.RuleExceptionSet;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.TopicReader;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.SchemaRegistryException;
import io.yalas.stack.PortAllocator;
import org.apache.avro.Schema;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.Collector;
import org.apache.flink.util.SimpleUserCodeClassLoader;
import org.apache.flink.util.UserCodeClassLoader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jobs on the real runtime: an embedded broker and registry, Flink's MiniCluster, jobs submitted as
 * they would be to a cluster. One stack for the class.
 */
class JobsIntegrationTest {
    static final String HTTPD = "/usr/sbin/httpd";
    static final String WORKER = "/usr/bin/worker";
    static YalasStack stack;
    static KafkaIo kafka;
    static final TestEvents EVENTS = new TestEvents("web-1");

    @TempDir
    static Path savepoints;

    @BeforeAll
    static void start() throws Exception {
        stack = YalasStack.start(StackConfig.temporary());
        // the topics as the product creates them (four partitions), not as the broker would auto-create them
        Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
        kafka = new KafkaIo(stack.kafka(), stack.schemaRegistry());
        List<SyscallEvent> learning = new ArrayList<>();
        for (int pid = 100; pid < 108; pid++) {
            for (int r = 0; r < 25; r++) {
                learning.addAll(EVENTS.request(pid, HTTPD, "/var/www/p" + (r % 3) + ".html"));
                learning.addAll(EVENTS.request(pid + 1000, WORKER, "/srv/job" + (r % 2)));
            }
        }
        produce(learning, "learn-1");
        // Learn both profiles; only the web server's model is promoted before detection starts.
        List<BehaviorModel> models = new ArrayList<>();
        StreamExecutionEnvironment env = stack.flink().orElseThrow().environment(new Configuration());
        env.setParallelism(1);
        YalasJobs.learn(env, kafka, LearnJob.SerializablePredicate.runId("learn-1"), LearnSettings.defaults("integration").withWindow(12))
                .executeAndCollect("learn").forEachRemaining(models::add);
        assertEquals(2, models.size());
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            models.forEach(store::add);
            store.promote(new ModelKey(HTTPD, 1));
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static void produce(List<SyscallEvent> events, String runId) throws Exception {
        AvroSerializer<SyscallEvent> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.EVENTS), SyscallEvent.getClassSchema());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (SyscallEvent e : events) {
                SyscallEvent tagged = SyscallEvent.newBuilder(e).setRunId(runId).build();
                byte[] key = (tagged.getHost() + "/" + tagged.getPid()).getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(Topics.EVENTS, key, serializer.serialize(tagged))));
            }
            // a failed send must fail the test here, not as "no models" later
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        }
    }

    static SyscallEvent readsShadow(int pid, String exe) {
        return EVENTS.event(pid, exe, "openat", io.yalas.schemas.EventFamily.FILE).setPath("/etc/shadow").setRet(3).build();
    }

    /** What {@code yalas exceptions set} writes (the CLI is not on this module's path). */
    static void setRuleExceptions(String text) throws Exception {
        RuleExceptionSet set = RuleExceptionSet.newBuilder().setText(text).setSource("it.conf").setSetTime(java.time.Instant.now()).setSetBy("test").build();
        byte[] value = new AvroSerializer<RuleExceptionSet>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.RULE_EXCEPTIONS), RuleExceptionSet.getClassSchema()).serialize(set);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RULE_EXCEPTIONS, Topics.RULE_EXCEPTIONS_KEY.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }

    /** Alerts visible to a read_committed consumer: only those whose Flink checkpoint committed. */
    static List<Alert> committedAlerts() {
        AvroDeserializer<Alert> deserializer = new AvroDeserializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()), Alert.getClassSchema());
        return TopicReader.values(stack.kafka(), Topics.ALERTS, true, Duration.ofSeconds(20)).stream()
                .map(deserializer::deserialize).toList();
    }

    static List<Alert> waitForAlerts(Predicate<List<Alert>> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        List<Alert> alerts = committedAlerts();
        while (!done.test(alerts) && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            alerts = committedAlerts();
        }
        return alerts;
    }

    static JobClient submitDetect(String restoreFrom) throws Exception {
        Configuration conf = new Configuration();
        if (restoreFrom != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restoreFrom);
        }
        StreamExecutionEnvironment env = stack.flink().orElseThrow().environment(conf);
        env.setParallelism(1);
        env.enableCheckpointing(500);
        List<BehaviorModel> enforcing;
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            enforcing = store.enforcingModels();
        }
        // Short bursts: the synthetic attacks are seconds apart in event time, and would otherwise wait in one burst.
        YalasJobs.detect(env, kafka, false, Set.of("prod-1", "attack-1", "attack-2", "worker-1", "rules-1"),
                DetectSettings.defaults().withModelAlertBurst(Duration.ofSeconds(1)), "it-detect", enforcing);
        return env.executeAsync("detect");
    }

    static long count(List<Alert> alerts, String runId, String detector) {
        return alerts.stream().filter(a -> runId.equals(a.getRunId()) && a.getDetector().equals(detector)).count();
    }

    @Test
    void learnPromoteDetectPromoteLiveAndRestoreWithoutLossOrDuplicates() throws Exception {
        List<SyscallEvent> benign = new ArrayList<>();
        for (int r = 0; r < 30; r++) {
            benign.addAll(EVENTS.request(300, HTTPD, "/var/www/p" + (r % 3) + ".html"));
        }
        produce(benign, "prod-1");
        List<SyscallEvent> attack = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            attack.addAll(EVENTS.request(400, HTTPD, "/var/www/p0.html"));
        }
        attack.addAll(EVENTS.attack(400, HTTPD));
        produce(attack, "attack-1");
        produce(EVENTS.request(500, WORKER, "/srv/job0"), "worker-1");

        JobClient job = submitDetect(null);
        List<Alert> alerts = waitForAlerts(a -> count(a, "attack-1", "markov") >= 1 && count(a, "worker-1", "unprofiled") >= 1);
        assertEquals(1, count(alerts, "attack-1", "markov"), alerts.toString());
        Alert markov = alerts.stream().filter(a -> "attack-1".equals(a.getRunId()) && a.getDetector().equals("markov")).findFirst().orElseThrow();
        assertEquals(HTTPD, markov.getProfile());
        assertTrue(markov.getExplanation().stream().anyMatch(t -> t.getEvent() != null), markov.toString());
        assertEquals(0, alerts.stream().filter(a -> "prod-1".equals(a.getRunId())).count(), "benign production run raised " + alerts);
        assertEquals(1, count(alerts, "worker-1", "unprofiled"));

        // Promote the worker's model while the job runs: the next worker process is scored, not unprofiled.
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            store.promote(new ModelKey(WORKER, 1));
        }
        Thread.sleep(2000);
        produce(EVENTS.attack(600, WORKER), "worker-1");
        alerts = waitForAlerts(a -> a.stream().anyMatch(x -> x.getDetector().equals("markov") && WORKER.equals(x.getProfile())));
        assertTrue(alerts.stream().anyMatch(x -> x.getDetector().equals("markov") && WORKER.equals(x.getProfile())), alerts.toString());
        assertEquals(1, count(alerts, "worker-1", "unprofiled"), "no second unprofiled alert once the model enforces");

        // Rule exceptions set while the job runs apply to the next events: cat may read the shadow file now, less still may not.
        produce(List.of(readsShadow(800, "/usr/bin/cat")), "rules-1");
        waitForAlerts(a -> count(a, "rules-1", "rule:credential-access") >= 1);
        setRuleExceptions("allow credential-access exe=/usr/bin/cat\n");
        Thread.sleep(2000);
        produce(List.of(readsShadow(801, "/usr/bin/cat"), readsShadow(802, "/usr/bin/less")), "rules-1");
        alerts = waitForAlerts(a -> count(a, "rules-1", "rule:credential-access") >= 2);
        assertEquals(List.of(800, 802), alerts.stream().filter(a -> "rules-1".equals(a.getRunId()) && a.getDetector().equals("rule:credential-access"))
                .map(a -> a.getProcess().getPid()).sorted().toList(), alerts.toString());

        // Stop with a savepoint, add events, restore: the earlier alerts are not repeated, the new ones arrive once.
        String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL).get();
        List<Alert> beforeRestore = committedAlerts();
        int before = beforeRestore.size();
        List<SyscallEvent> second = new ArrayList<>();
        for (int r = 0; r < 10; r++) {
            second.addAll(EVENTS.request(700, HTTPD, "/var/www/p1.html"));
        }
        second.addAll(EVENTS.attack(700, HTTPD));
        produce(second, "attack-2");
        JobClient restored = submitDetect(savepoint);
        alerts = waitForAlerts(a -> count(a, "attack-2", "markov") >= 1);
        Thread.sleep(1500);
        alerts = committedAlerts();
        restored.cancel().get();
        assertEquals(1, count(alerts, "attack-2", "markov"), alerts.toString());
        Set<String> ids = new HashSet<>();
        alerts.forEach(a -> assertTrue(ids.add(a.getAlertId()), "duplicate alert " + a.getAlertId() + ": " + a.getSummary()));
        assertFalse(alerts.isEmpty());
        assertTrue(alerts.size() > before, "the restored job added the new run's alerts: before " + beforeRestore.stream().map(a -> a.getRunId() + "/" + a.getDetector()).toList()
                + " after " + alerts.stream().map(a -> a.getRunId() + "/" + a.getDetector()).toList());
    }

    /**
     * The detect source reads records from the current producer and from one with another (compatible)
     * schema alike; records that do not decode are skipped, and an unreachable registry fails the read
     * instead of dropping events.
     */
    @Test
    void theEventSourceResolvesOtherWriterSchemasSkipsCorruptRecordsAndNeverSkipsForAnUnreachableRegistry() throws Exception {
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
        Schema withoutTty = Schema.createRecord(SyscallEvent.SCHEMA$.getName(), null, SyscallEvent.SCHEMA$.getNamespace(), false,
                SyscallEvent.SCHEMA$.getFields().stream().filter(f -> !f.name().equals("tty_data")).map(f -> new Schema.Field(f, f.schema())).toList());
        SyscallEvent event = SyscallEvent.newBuilder(EVENTS.request(900, HTTPD, "/var/www/p0.html").get(0)).setRunId("wire-1").build();
        byte[] current = new AvroSerializer<SyscallEvent>(registry, AvroSerializer.valueSubject(Topics.EVENTS), SyscallEvent.SCHEMA$).serialize(event);
        byte[] older = new AvroSerializer<SyscallEvent>(registry, AvroSerializer.valueSubject(Topics.EVENTS), withoutTty).serialize(event);
        byte[] unknownSchema = {0, 0x7f, 0x7f, 0x7f, 0x7f, 2, 4, 6};
        byte[] notWireFormat = "not an event".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(current, current.length / 2);

        EncodedEventDeserializer deserializer = new EncodedEventDeserializer(stack.schemaRegistry());
        deserializer.open(initialization());
        List<EncodedEvent> read = new ArrayList<>();
        Collector<EncodedEvent> out = collector(read);
        long offset = 0;
        for (byte[] value : List.of(current, unknownSchema, older, notWireFormat, truncated)) {
            deserializer.deserialize(new ConsumerRecord<>(Topics.EVENTS, 0, offset++, null, value), out);
        }
        EventCodec codec = new EventCodec();
        assertEquals(List.of(event, event), read.stream().map(codec::decode).toList(), "both writers' records read, the three corrupt ones skipped");
        assertEquals("wire-1", read.get(1).runId());
        assertEquals(read.get(0).processId(), read.get(1).processId());

        EncodedEventDeserializer unreachable = new EncodedEventDeserializer(RegistryConnection.plain("http://127.0.0.1:" + PortAllocator.freePort(0)));
        unreachable.open(initialization());
        assertThrows(SchemaRegistryException.class,
                () -> unreachable.deserialize(new ConsumerRecord<>(Topics.EVENTS, 0, 0L, null, current), collector(new ArrayList<>())));
    }

    /**
     * The models, stats and rule-exceptions sources (and learn's events source) skip a record that does not
     * decode instead of failing the job, which would restart on the same record for ever and stop detection.
     */
    @Test
    void theOtherSourcesSkipCorruptRecordsAndNeverSkipForAnUnreachableRegistry() throws Exception {
        RuleExceptionSet set = RuleExceptionSet.newBuilder().setText("disable debugger\n").setSource("x.conf")
                .setSetTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L)).setSetBy("test").build();
        byte[] good = new AvroSerializer<RuleExceptionSet>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.RULE_EXCEPTIONS), RuleExceptionSet.getClassSchema()).serialize(set);
        byte[] unknownSchema = {0, 0x7f, 0x7f, 0x7f, 0x7e, 2, 4, 6};
        byte[] notWireFormat = "disable debugger".getBytes(StandardCharsets.UTF_8);
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);

        var deserializer = new ConfluentAvroRecordDeserializer<>(RuleExceptionSet.class, stack.schemaRegistry());
        deserializer.open(initialization());
        List<RuleExceptionSet> read = new ArrayList<>();
        long offset = 0;
        for (byte[] value : List.of(unknownSchema, good, notWireFormat, truncated, good)) {
            deserializer.deserialize(new ConsumerRecord<>(Topics.RULE_EXCEPTIONS, 0, offset++, null, value), collector(read));
        }
        assertEquals(List.of(set, set), read, "the good records read, the three corrupt ones skipped");

        var unreachable = new ConfluentAvroRecordDeserializer<>(RuleExceptionSet.class, RegistryConnection.plain("http://127.0.0.1:" + PortAllocator.freePort(0)));
        unreachable.open(initialization());
        assertThrows(SchemaRegistryException.class,
                () -> unreachable.deserialize(new ConsumerRecord<>(Topics.RULE_EXCEPTIONS, 0, 0L, null, good), collector(new ArrayList<>())));
    }

    static DeserializationSchema.InitializationContext initialization() {
        return new DeserializationSchema.InitializationContext() {
            @Override
            public MetricGroup getMetricGroup() {
                return new UnregisteredMetricsGroup();
            }

            @Override
            public UserCodeClassLoader getUserCodeClassLoader() {
                return SimpleUserCodeClassLoader.create(JobsIntegrationTest.class.getClassLoader());
            }
        };
    }

    static <T> Collector<T> collector(List<T> into) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                into.add(record);
            }

            @Override
            public void close() {
            }
        };
    }
}
