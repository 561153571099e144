package io.yalas.shipper.publish;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.ProcessRef;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.WireFormatException;
import io.yalas.shipper.Captures;
import io.yalas.shipper.InMemoryRegistry;
import io.yalas.shipper.ListSink;
import io.yalas.shipper.pipeline.Filter;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled writer produces exactly Avro's bytes, and refuses what it does not cover up front. */
class CompiledAvroWriterTest {

    @Test
    void sameBytesAsAvroForEveryEventOfTheRealCaptures() throws Exception {
        InMemoryRegistry registry = new InMemoryRegistry();
        AvroSerializer<SyscallEvent> avro = new AvroSerializer<>(registry, "e-value", SyscallEvent.getClassSchema());
        AvroSerializer<SyscallEvent> compiled = new AvroSerializer<>(registry, "e-value", SyscallEvent.getClassSchema(),
                CompiledAvroWriter.of(SyscallEvent.getClassSchema()));
        List<SyscallEvent> events = new ArrayList<>();
        for (String capture : List.of("busy.bin", "families.bin")) {
            for (long window : new long[]{0, 1_000_000_000L}) {
                ListSink sink = new ListSink();
                Captures.run(Captures.path(capture), sink, window, Filter.none());
                events.addAll(sink.events);
            }
        }
        events.add(everyField());
        for (SyscallEvent e : events) {
            assertArrayEquals(avro.serialize(e), compiled.serialize(e), () -> "differs for " + e);
        }
        assertTrue(events.stream().anyMatch(e -> e.getArgv() != null && e.getAncestry() != null));
    }

    @Test
    void aNullInARequiredFieldNamesTheFieldAndLeavesNothingBehind() {
        InMemoryRegistry registry = new InMemoryRegistry();
        SyscallEvent bad = everyField();
        bad.setComm(null);
        AvroSerializer<SyscallEvent> compiled = new AvroSerializer<>(registry, "e-value", SyscallEvent.getClassSchema(),
                CompiledAvroWriter.of(SyscallEvent.getClassSchema()));
        WireFormatException ex = assertThrows(WireFormatException.class, () -> compiled.serialize(bad));
        assertTrue(ex.getMessage().contains("SyscallEvent.comm"), ex.getMessage());
        // the fields written before the bad one must not leak into the next record
        AvroSerializer<SyscallEvent> avro = new AvroSerializer<>(registry, "e-value", SyscallEvent.getClassSchema());
        assertArrayEquals(avro.serialize(everyField()), compiled.serialize(everyField()));
    }

    @Test
    void schemasOutsideItsCoverageAreRefusedWhenBuilt() {
        Schema map = SchemaBuilder.record("M").fields().name("m").type().map().values().longType().noDefault().endRecord();
        Schema union = SchemaBuilder.record("U").fields().name("u").type().unionOf().nullType().and().intType().and()
                .stringType().endUnion().nullDefault().endRecord();
        assertThrows(IllegalArgumentException.class, () -> CompiledAvroWriter.of(map));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> CompiledAvroWriter.of(union));
        assertTrue(ex.getMessage().contains("unions"), ex.getMessage());
    }

    /** Every optional field set (the captures never carry tty_data or latencies, for instance). */
    private static SyscallEvent everyField() {
        ProcessRef parent = new ProcessRef();
        parent.setPid(1);
        parent.setExe("/sbin/init");
        parent.setComm("systemd");
        SyscallEvent e = new SyscallEvent();
        e.setHost("h");
        e.setBootId("b");
        e.setSeq(42);
        e.setRunId("run");
        e.setEventTime(Instant.ofEpochMilli(1_700_000_000_123L));
        e.setTsNs(1_700_000_000_123_456_789L);
        e.setLastTsNs(1_700_000_000_223_456_789L);
        e.setCpu(1);
        e.setPid(100);
        e.setTid(101);
        e.setPpid(1);
        e.setUid(1000);
        e.setGid(1000);
        e.setEuid(0);
        e.setComm("bash");
        e.setExe("/usr/bin/bash");
        e.setContainerId("c0ffee");
        e.setCgroupId(40);
        e.setMntnsId(4026531840L);
        e.setSyscall("write");
        e.setSyscallNr(1);
        e.setFamily(EventFamily.TTY);
        e.setPath("/dev/pts/0");
        e.setPath2("/tmp/x");
        e.setFd(1);
        e.setSockFamily("AF_INET");
        e.setSockAddr("10.0.0.1");
        e.setSockPort(443);
        e.setFlags(-1L);
        e.setMode(0644L);
        e.setTargetPid(7);
        e.setRet(-13);
        e.setError("EACCES");
        e.setLatencyNs(1500L);
        e.setLatencyMinNs(1000L);
        e.setLatencyMaxNs(2000L);
        e.setCount(3);
        e.setBytes(123_456_789_012L);
        e.setTruncated(true);
        e.setArgv(List.of("bash", "-c", "echo \u00e9t\u00e9"));
        e.setAncestry(List.of(parent));
        e.setExitCode(-1);
        e.setTtyData(ByteBuffer.wrap("id\n".getBytes(StandardCharsets.UTF_8)));
        return e;
    }
}
