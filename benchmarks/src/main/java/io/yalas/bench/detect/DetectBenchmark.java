package io.yalas.bench.detect;

import io.yalas.flink.YalasJobs;
import io.yalas.flink.detect.DetectSettings;
import io.yalas.flink.events.EventMapping;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ProfileLearner;
import io.yalas.model.train.Provenance;
import io.yalas.modelstore.ModelKey;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.Alert;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * The detect job from Kafka to alerts on the embedded stack:
 * <ol>
 *   <li>throughput: after a warm-up, a bounded run over an empty events topic (job start-up and teardown)
 *       and one over {@code large} events; events over the difference in time is the rate;</li>
 *   <li>latency: an unbounded job under steady load, attack bursts injected with event time = now;
 *       processing latency = alert's detected_time - event_time, visible latency = when a read_committed
 *       consumer sees it (includes the exactly-once checkpoint interval).</li>
 * </ol>
 * Prints figures; the last line is one JSON object.
 */
public final class DetectBenchmark {
    static final int PROCESSES = 400;

    public static void main(String[] args) throws Exception {
        long small = Long.parseLong(System.getProperty("small", "400000"));
        long large = Long.parseLong(System.getProperty("large", "6000000"));
        int parallelism = Integer.parseInt(System.getProperty("parallelism", "2"));
        try (YalasStack stack = YalasStack.start(StackConfig.temporary())) {
            KafkaIo kafka = new KafkaIo(stack.kafka(), stack.schemaRegistry());
            Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
            promoteModel(stack);
            Traffic traffic = new Traffic();

            // Warm-up (JIT, classes, connections), not timed.
            produce(stack, traffic, small, "bench-warmup", System.nanoTime());
            timeBoundedRun(stack, kafka, parallelism, "bench-warmup");
            // Job start-up and teardown on an empty topic, then the same job over `large` events: the
            // difference is the time the events took.
            resetEvents(stack);
            double emptySeconds = timeBoundedRun(stack, kafka, parallelism, "bench-large");
            produce(stack, traffic, large, "bench-large", System.nanoTime());
            double largeSeconds = timeBoundedRun(stack, kafka, parallelism, "bench-large");
            double rate = large / (largeSeconds - emptySeconds);
            System.out.printf(Locale.ROOT, "bounded run over an empty topic: %.1f s; over %,d events: %.1f s%n", emptySeconds, large, largeSeconds);
            System.out.printf(Locale.ROOT, "detect throughput (parallelism %d, start-up excluded): %,.0f events/s%n", parallelism, rate);

            double[] latency = latency(stack, kafka, traffic, parallelism);
            System.out.printf(Locale.ROOT, "alert latency (event time -> detected): p50 %.0f ms, p99 %.0f ms%n", latency[0], latency[1]);
            System.out.printf(Locale.ROOT, "alert latency (event time -> visible to read_committed consumers, checkpoint 1 s): p50 %.0f ms, p99 %.0f ms%n",
                    latency[2], latency[3]);
            System.out.printf(Locale.ROOT, "{\"benchmark\":\"detect\",\"events_per_second\":%.0f,\"parallelism\":%d,"
                            + "\"latency_detect_p50_ms\":%.0f,\"latency_detect_p99_ms\":%.0f,\"latency_visible_p50_ms\":%.0f,\"latency_visible_p99_ms\":%.0f}%n",
                    rate, parallelism, latency[0], latency[1], latency[2], latency[3]);
        }
    }

    /** Deletes and recreates the events topic, so a timed run reads only its own events. */
    static void resetEvents(YalasStack stack) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.deleteTopics(List.of(Topics.EVENTS)).all().get();
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.listTopics().names().get().contains(Topics.EVENTS) && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
        }
        Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
    }

    static void promoteModel(YalasStack stack) {
        ProfileLearner learner = new ProfileLearner(ModelConfig.DEFAULT.withWindow(50), EventAlphabet.DEFAULT.ref());
        Traffic traffic = new Traffic();
        for (int pid = 1; pid <= 20; pid++) {
            int p = pid;
            for (int r = 0; r < 200; r++) {
                traffic.request(p, 1_000_000_000L * r, r % 5, e -> learner.observe(Traffic.EXE, EventMapping.processId(e),
                        EventAlphabet.DEFAULT.encode(EventMapping.tokenInput(e))));
            }
        }
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            var stored = store.add(BehaviorModelCodec.toAvro(learner.build(Traffic.EXE, Provenance.UNKNOWN)));
            store.promote(new ModelKey(Traffic.EXE, stored.getModelVersion()));
        }
    }

    static java.util.List<io.yalas.schemas.BehaviorModel> enforcing(YalasStack stack) {
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            return store.enforcingModels();
        }
    }

    static KafkaProducer<byte[], byte[]> producer(YalasStack stack) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** {@code count} events of {@link #PROCESSES} server processes, one attack per 100,000 events. */
    static void produce(YalasStack stack, Traffic traffic, long count, String runId, long startNs) {
        AvroSerializer<SyscallEvent> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.EVENTS), SyscallEvent.getClassSchema());
        long[] produced = {0};
        try (KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            long ts = startNs;
            int request = 0;
            while (produced[0] < count) {
                int pid = 1000 + request % PROCESSES;
                java.util.function.Consumer<SyscallEvent> send = e -> {
                    SyscallEvent tagged = SyscallEvent.newBuilder(e).setRunId(runId).build();
                    producer.send(new ProducerRecord<>(Topics.EVENTS, (tagged.getHost() + "/" + tagged.getPid()).getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(tagged)));
                    produced[0]++;
                };
                if (request % (100_000 / 7) == 0 && request > 0) {
                    traffic.attack(pid, ts, send);
                } else {
                    traffic.request(pid, ts, request % 5, send);
                }
                ts += 10_000;
                request++;
            }
            producer.flush();
        }
    }

    static double timeBoundedRun(YalasStack stack, KafkaIo kafka, int parallelism, String runId) throws Exception {
        StreamExecutionEnvironment env = stack.flink().orElseThrow().environment(new Configuration());
        env.setParallelism(parallelism);
        env.enableCheckpointing(5_000);
        YalasJobs.detect(env, kafka, true, Set.of(runId), DetectSettings.defaults(), "bench-" + runId, enforcing(stack));
        long start = System.nanoTime();
        env.execute("bench-detect-" + runId);
        return (System.nanoTime() - start) / 1e9;
    }

    /** p50/p99 of detection latency and of visibility latency, in ms. */
    static double[] latency(YalasStack stack, KafkaIo kafka, Traffic traffic, int parallelism) throws Exception {
        StreamExecutionEnvironment env = stack.flink().orElseThrow().environment(new Configuration());
        env.setParallelism(parallelism);
        env.enableCheckpointing(1_000);
        // Every injected attack is measured on its own alert: bursts off (folding never delays a burst's first alert).
        YalasJobs.detect(env, kafka, false, Set.of("bench-live"), DetectSettings.defaults().withModelAlertBurst(Duration.ZERO),
                "bench-live", enforcing(stack));
        JobClient job = env.executeAsync("bench-detect-live");
        AvroSerializer<SyscallEvent> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.EVENTS), SyscallEvent.getClassSchema());
        AvroDeserializer<Alert> alerts = new AvroDeserializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()), Alert.getClassSchema());
        List<Double> detect = new ArrayList<>();
        List<Double> visible = new ArrayList<>();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-latency");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaProducer<byte[], byte[]> producer = producer(stack);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.ALERTS));
            consumer.poll(Duration.ofSeconds(2));
            Thread.sleep(5_000);
            int pid = 50_000;
            long end = System.currentTimeMillis() + 40_000;
            while (System.currentTimeMillis() < end) {
                long now = System.currentTimeMillis() * 1_000_000L;
                int victim = pid++;
                java.util.function.Consumer<SyscallEvent> send = e -> producer.send(new ProducerRecord<>(Topics.EVENTS,
                        (e.getHost() + "/" + e.getPid()).getBytes(StandardCharsets.UTF_8),
                        serializer.serialize(SyscallEvent.newBuilder(e).setRunId("bench-live").build())));
                // Steady background load plus one process that turns malicious after 50 normal requests.
                for (int r = 0; r < 2_000; r++) {
                    traffic.request(60_000 + r % PROCESSES, now, r % 5, send);
                }
                for (int r = 0; r < 50; r++) {
                    traffic.request(victim, now, r % 5, send);
                }
                traffic.attack(victim, System.currentTimeMillis() * 1_000_000L, send);
                producer.flush();
                long until = System.currentTimeMillis() + 1_000;
                while (System.currentTimeMillis() < until) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        Alert a = alerts.deserialize(r.value());
                        if (a.getDetector().equals("markov")) {
                            long seen = System.currentTimeMillis();
                            detect.add((double) (a.getDetectedTime().toEpochMilli() - a.getEventTime().toEpochMilli()));
                            visible.add((double) (seen - a.getEventTime().toEpochMilli()));
                        }
                    }
                }
            }
        } finally {
            job.cancel().get();
        }
        System.out.printf(Locale.ROOT, "latency samples: %d alerts%n", detect.size());
        return new double[] {percentile(detect, 0.5), percentile(detect, 0.99), percentile(visible, 0.5), percentile(visible, 0.99)};
    }

    static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }
}
