package io.yalas.shipper;

import io.yalas.schemas.HostStats;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.source.CaptureFileSource;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A capture's syscall mask reaches the HostStats the shipper publishes (watched_syscalls), with the event
 * time range of the events published (what a model's provenance is compared with), through a real Shipper
 * and a mock producer; a capture without a mask publishes the empty list (unknown).
 */
class WatchedSyscallsStatsTest {
    @TempDir
    Path tmp;

    record Published(List<HostStats> stats, List<SyscallEvent> events) {
    }

    private Published ship(byte[] capture, String name) throws Exception {
        Path file = tmp.resolve(name + ".bin");
        Files.write(file, capture);
        ShipperConfig cfg = new ShipperConfig();
        cfg.spoolDir = tmp.resolve(name + "-spool");
        cfg.metricsListen = "off";
        cfg.shutdownTimeoutMs = 5000;
        InMemoryRegistry registry = new InMemoryRegistry();
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Shipper shipper = Shipper.toKafka(cfg, CaptureFileSource.open(file, false), registry, "boot-" + name, producer);
        shipper.run();
        shipper.close();
        AvroDeserializer<HostStats> stats = new AvroDeserializer<>(registry, HostStats.getClassSchema());
        AvroDeserializer<SyscallEvent> events = new AvroDeserializer<>(registry, SyscallEvent.getClassSchema());
        List<HostStats> s = new ArrayList<>();
        List<SyscallEvent> e = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : producer.history()) {
            if (r.topic().equals(cfg.statsTopic)) {
                s.add(stats.deserialize(r.value()));
            } else {
                e.add(events.deserialize(r.value()));
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
