package io.yalas.schemas.wire;

import io.yalas.schemas.HostStats;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** HostStats.watched_syscalls and the event time range: written and read back, and absent from older writers. */
class HostStatsRoundTripTest {
    static HostStats.Builder base() {
        return HostStats.newBuilder().setHost("web-1").setBootId("boot").setIntervalStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setIntervalEnd(Instant.ofEpochMilli(1_700_000_010_000L)).setFirstSeq(0).setLastSeq(9).setKernelRecords(10)
                .setKernelBytes(1000).setEventsIn(10).setEventsOut(10).setKafkaBytes(100).setReductionRatio(10.0);
    }

    @Test
    void watchedSyscallsAndEventTimesRoundTrip() {
        WireFormatTest.InMemoryRegistry registry = new WireFormatTest.InMemoryRegistry();
        HostStats s = base().setWatchedSyscalls(List.of("close", "getcwd", "openat"))
                .setFirstEventTime(Instant.ofEpochMilli(1_600_000_000_123L)).setLastEventTime(Instant.ofEpochMilli(1_600_000_005_456L))
                .build();
        byte[] bytes = new AvroSerializer<HostStats>(registry, "yalas.stats-value", HostStats.getClassSchema()).serialize(s);
        HostStats back = new AvroDeserializer<HostStats>(registry, HostStats.getClassSchema()).deserialize(bytes);
        assertEquals(s, back);
        assertEquals(List.of("close", "getcwd", "openat"), back.getWatchedSyscalls());
        assertEquals(Instant.ofEpochMilli(1_600_000_000_123L), back.getFirstEventTime());
    }

    @Test
    void defaultsMeanUnknown() {
        HostStats s = base().build();
        assertEquals(List.of(), s.getWatchedSyscalls());
        assertNull(s.getFirstEventTime());
        assertNull(s.getLastEventTime());
    }

    @Test
    void aRecordOfTheReleasedSchemaReadsAsUnknown() throws IOException {
        Schema old = new Schema.Parser().parse(Path.of("released", "0.1.0", "HostStats.avsc").toFile());
        GenericRecord r = new GenericData.Record(old);
        r.put("host", "web-1");
        r.put("boot_id", "boot");
        r.put("interval_start", 1_700_000_000_000L);
        r.put("interval_end", 1_700_000_010_000L);
        r.put("first_seq", 0L);
        r.put("last_seq", 9L);
        r.put("kernel_records", 10L);
        r.put("kernel_bytes", 1000L);
        r.put("kernel_drops", Map.of());
        r.put("kernel_probes", Map.of());
        r.put("events_in", 10L);
        r.put("events_out", 10L);
        r.put("events_filtered", 0L);
        r.put("events_coalesced", 0L);
        r.put("kafka_bytes", 100L);
        r.put("shipper_drops", Map.of());
        r.put("spool_bytes", 0L);
        r.put("spool_segments", 0);
        r.put("reduction_ratio", 10.0);
        WireFormatTest.InMemoryRegistry registry = new WireFormatTest.InMemoryRegistry();
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, "yalas.stats-value", old).serialize(r);
        HostStats back = new AvroDeserializer<HostStats>(registry, HostStats.getClassSchema()).deserialize(bytes);
        assertEquals("web-1", back.getHost());
        assertEquals(List.of(), back.getWatchedSyscalls(), "no mask recorded: unknown");
        assertNull(back.getFirstEventTime());
    }
}
