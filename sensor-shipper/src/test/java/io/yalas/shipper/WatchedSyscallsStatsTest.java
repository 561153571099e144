package io.yalas.shipper;

import io.yalas.schemas.HostStats;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.source.CaptureFileSource;
import io.yalas.stack.PortAllocator;
import io.yalas.stack.kafka.EmbeddedKafka;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capture's syscall mask reaches the HostStats the shipper publishes (watched_syscalls), with the event
 * time range of the events published (what a model's provenance is compared with), through a real Shipper
 * and a real broker; a capture without a mask publishes the empty list (unknown).
 */
class WatchedSyscallsStatsTest {
    @TempDir
    static Path tmp;
    static EmbeddedKafka kafka;
    static final InMemoryRegistry REGISTRY = new InMemoryRegistry();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start(tmp.resolve("kafka"), PortAllocator.freePort(0), PortAllocator.freePort(0));
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    record Published(List<HostStats> stats, List<SyscallEvent> events) {
    }

    private Published ship(byte[] capture, String name) throws Exception {
        Path file = tmp.resolve(name + ".bin");
        Files.write(file, capture);
        ShipperConfig cfg = new ShipperConfig();
        cfg.bootstrapServers = kafka.bootstrapServers();
        cfg.eventsTopic = name + ".events";
        cfg.statsTopic = name + ".stats";
        cfg.spoolDir = tmp.resolve(name + "-spool");
        cfg.metricsListen = "off";
        cfg.shutdownTimeoutMs = 5000;
        try (Shipper shipper = Shipper.toKafka(cfg, CaptureFileSource.open(file, false), REGISTRY, "boot-" + name)) {
            shipper.run();
        }
        AvroDeserializer<HostStats> stats = new AvroDeserializer<>(REGISTRY, HostStats.getClassSchema());
        AvroDeserializer<SyscallEvent> events = new AvroDeserializer<>(REGISTRY, SyscallEvent.getClassSchema());
        List<HostStats> s = new ArrayList<>();
        List<SyscallEvent> e = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "isolation.level", "read_committed", "auto.offset.reset", "earliest", "group.id", "test-" + name),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(cfg.eventsTopic, cfg.statsTopic));
            // Everything was flushed when the shipper closed: read until the topics stay quiet.
            long deadline = System.currentTimeMillis() + 30_000;
            int quiet = 0;
            while (System.currentTimeMillis() < deadline && (s.isEmpty() || quiet < 3)) {
                var records = c.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (r.topic().equals(cfg.statsTopic)) {
                        s.add(stats.deserialize(r.value()));
                    } else {
                        e.add(events.deserialize(r.value()));
                    }
                }
            }
        }
        return new Published(s, e);
    }

    @Test
    void theCaptureMaskIsPublishedInHostStats() throws Exception {
        byte[] capture = Files.readAllBytes(Captures.path("families.bin"));
        ByteBuffer b = ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Abi.CAP_FLAGS, Abi.CAPF_SYSMASK);
        for (int id : new int[]{Syscalls.OPENAT, Syscalls.CLOSE, Syscalls.EXECVE}) {
            int word = Abi.CAP_SYSMASK + (id / 64) * 8;
            b.putLong(word, b.getLong(word) | 1L << (id % 64));
        }
        Published p = ship(capture, "masked");
        assertFalse(p.stats().isEmpty(), "no HostStats published");
        assertFalse(p.events().isEmpty(), "no events published");
        for (HostStats s : p.stats()) {
            assertEquals(List.of("close", "execve", "openat"), s.getWatchedSyscalls());
        }
        Instant first = p.events().stream().map(SyscallEvent::getEventTime).min(Instant::compareTo).orElseThrow();
        Instant last = p.events().stream().map(SyscallEvent::getEventTime).max(Instant::compareTo).orElseThrow();
        Instant statsFirst = p.stats().stream().map(HostStats::getFirstEventTime).filter(t -> t != null)
                .min(Instant::compareTo).orElseThrow();
        Instant statsLast = p.stats().stream().map(HostStats::getLastEventTime).filter(t -> t != null)
                .max(Instant::compareTo).orElseThrow();
        assertEquals(first, statsFirst, "first event time: the recorded time, not the replay's");
        assertEquals(last, statsLast);
        assertTrue(statsLast.isBefore(Instant.now().minusSeconds(3600)), "the sample was recorded long ago: " + statsLast);
    }

    @Test
    void aCaptureWithoutAMaskPublishesUnknown() throws Exception {
        Published p = ship(Files.readAllBytes(Captures.path("families.bin")), "plain");
        assertFalse(p.stats().isEmpty());
        p.stats().forEach(s -> assertEquals(List.of(), s.getWatchedSyscalls(), "empty = unknown"));
        // an interval that published nothing has no event time range
        p.stats().stream().filter(s -> s.getEventsOut() == 0).forEach(s -> assertNull(s.getFirstEventTime()));
    }
}
