package io.yalas.shipper.publish;

import io.yalas.schemas.HostStats;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.shipper.InMemoryRegistry;
import io.yalas.shipper.Shipper;
import io.yalas.shipper.ShipperReport;
import io.yalas.shipper.SyntheticSource;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.stack.PortAllocator;
import io.yalas.stack.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker goes away mid-stream and comes back: every sequence number arrives exactly once and in
 * order within its partition; with a small spool, the drops are counted exactly.
 */
class KafkaOutageTest {
    private static final int PARTITIONS = 4;

    @TempDir
    static Path dir;
    static EmbeddedKafka kafka;
    static final InMemoryRegistry REGISTRY = new InMemoryRegistry();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("kafka"), PortAllocator.freePort(0), PortAllocator.freePort(0));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get();
        }
    }

    private static ShipperConfig config(String topic, Path spool, long spoolMax) {
        ShipperConfig c = new ShipperConfig();
        c.bootstrapServers = kafka.bootstrapServers();
        c.eventsTopic = topic;
        c.statsTopic = Topics.STATS;
        c.spoolDir = spool;
        c.spoolMaxBytes = spoolMax;
        c.spoolSegmentBytes = 256 * 1024;
        c.coalesceWindowMs = 0;
        c.stallMs = 1000;
        c.metricsListen = "off";
        c.statsIntervalMs = 2000;
        return c;
    }

    /** Runs the shipper on its own thread; returns it once started. */
    private static Thread runAsync(Shipper s, List<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                s.run();
            } catch (Throwable e) {
                failure.add(e);
            }
        }, "shipper");
        t.start();
        return t;
    }

    /** seq -> partition of every event on the topic, failing on a duplicate or an out-of-order seq. */
    private static Map<Long, Integer> consumeAll(String topic, long expected) {
        AvroDeserializer<SyscallEvent> de = new AvroDeserializer<>(REGISTRY, SyscallEvent.getClassSchema());
        Map<Long, Integer> seen = new HashMap<>();
        Map<Integer, Long> lastInPartition = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                parts.add(new TopicPartition(topic, p));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (seen.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    SyscallEvent e = de.deserialize(r.value());
                    Integer dup = seen.put(e.getSeq(), r.partition());
                    assertEquals(null, dup, "seq " + e.getSeq() + " delivered twice");
                    Long last = lastInPartition.put(r.partition(), e.getSeq());
                    assertTrue(last == null || last < e.getSeq(), "partition " + r.partition() + ": seq " + e.getSeq() + " after " + last);
                    assertEquals("synthetic:" + e.getPid(), new String(r.key()));
                }
            }
            // nothing more than expected arrives
            assertTrue(c.poll(Duration.ofMillis(500)).isEmpty());
        }
        return seen;
    }

    @Test
    void brokerOutageMidStreamLosesNothingAndKeepsOrder() throws Exception {
        String topic = "outage.events";
        createTopic(topic);
        long total = 60_000;
        SyntheticSource src = new SyntheticSource(total, 100, 25, 16); // 4000 records/s for 15 s
        ShipperConfig cfg = config(topic, dir.resolve("spool1"), 1L << 30);
        List<Throwable> failure = new ArrayList<>();
        Shipper shipper = Shipper.toKafka(cfg, src, REGISTRY, "boot-1");
        Thread t = runAsync(shipper, failure);
        Thread.sleep(3000);
        long beforeOutage = src.made();
        kafka.close();
        Thread.sleep(20_000); // the source ends during the outage: the tail of the stream is all in the spool
        long spooledDuringOutage = shipper.counters().delivery().spooled.get();
        kafka = EmbeddedKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());
        t.join(60_000);
        shipper.close();
        assertTrue(failure.isEmpty(), failure.toString());
        ShipperReport report = shipper.report();
        assertEquals(total, report.events());
        assertEquals(0, report.spoolFullDrops());
        assertTrue(beforeOutage > 1000 && spooledDuringOutage > 1000,
                "before outage " + beforeOutage + ", spooled " + spooledDuringOutage);
        Map<Long, Integer> seen = consumeAll(topic, total);
        assertEquals(total, seen.size());
        for (long s = 0; s < total; s++) {
            assertTrue(seen.containsKey(s), "seq " + s + " missing");
        }
        assertEquals(PARTITIONS, Set.copyOf(seen.values()).size());
    }

    @Test
    void fullSpoolDropsAreCountedExactly() throws Exception {
        String topic = "spoolfull.events";
        createTopic(topic);
        long total = 20_000;
        ShipperConfig cfg = config(topic, dir.resolve("spool2"), 300 * 1024);
        kafka.close();
        // the broker is down from the start: everything goes to a 300 KiB spool, which overflows
        SyntheticSource src = new SyntheticSource(total, 1000, 10, 16);
        Shipper shipper = Shipper.toKafka(cfg, src, REGISTRY, "boot-2");
        List<Throwable> failure = new ArrayList<>();
        Thread t = runAsync(shipper, failure);
        t.join(60_000);
        long dropped = shipper.counters().delivery().spoolFullDrops.get();
        kafka = EmbeddedKafka.start(kafka.logDir(), kafka.brokerPort(), kafka.controllerPort());
        shipper.close();
        assertTrue(failure.isEmpty(), failure.toString());
        assertTrue(dropped > 0 && dropped < total, "dropped " + dropped);
        Map<Long, Integer> seen = consumeAll(topic, total - dropped);
        assertEquals(total - dropped, seen.size());
        BitSet got = new BitSet();
        seen.keySet().forEach(s -> got.set(s.intValue()));
        // the kept ones are the oldest: the spool refuses only once full
        assertEquals(total - dropped, got.nextClearBit(0));
        // and the loss is published: the HostStats of this run add up to exactly the drops
        assertEquals(dropped, spoolFullDropsInStats("boot-2"));
    }

    private static long spoolFullDropsInStats(String bootId) {
        AvroDeserializer<HostStats> de = new AvroDeserializer<>(REGISTRY, HostStats.getClassSchema());
        long sum = 0;
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(Topics.STATS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(p -> c.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    HostStats s = de.deserialize(r.value());
                    if (s.getBootId().equals(bootId)) {
                        sum += s.getShipperDrops().getOrDefault("spool_full", 0L);
                    }
                }
            }
        }
        return sum;
    }
}
