package io.yalas.bench.wire;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Cost of one SyscallEvent through the Confluent wire format, each way: part of every event's path. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireFormatBenchmark {
    private AvroSerializer<SyscallEvent> serializer;
    private AvroDeserializer<SyscallEvent> deserializer;
    private SyscallEvent event;
    private byte[] bytes;

    /** The id is fixed after the first call in real use too, so a constant-answer registry measures the same work. */
    static final class OneSchemaRegistry implements SchemaRegistryClient {
        @Override
        public int register(String subject, Schema schema) {
            return 1;
        }

        @Override
        public Schema getById(int id) {
            return SyscallEvent.getClassSchema();
        }
    }

    @Setup
    public void setUp() {
        OneSchemaRegistry registry = new OneSchemaRegistry();
        serializer = new AvroSerializer<>(registry, "yalas.events-value", SyscallEvent.getClassSchema());
        deserializer = new AvroDeserializer<>(registry, SyscallEvent.getClassSchema());
        event = SyscallEvent.newBuilder()
                .setHost("web-1").setBootId("4f3c2a9e-0b7d-4a55-9a1e-0d9f3d2c1b10").setSeq(123456789L)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_123L)).setTsNs(1_700_000_000_123_456_789L)
                .setLastTsNs(1_700_000_000_223_456_789L).setCpu(1).setPid(4321).setTid(4322).setPpid(1)
                .setUid(1000).setGid(1000).setEuid(1000).setComm("http-server").setExe("/usr/local/bin/http-server")
                .setCgroupId(1234).setSyscall("openat").setSyscallNr(257).setFamily(EventFamily.FILE)
                .setPath("/etc/localtime").setFd(3).setFlags(0x80000L).setRet(3).setLatencyNs(2100L)
                .setCount(12).setBytes(4096).build();
        bytes = serializer.serialize(event);
    }

    @Benchmark
    public byte[] serialize() {
        return serializer.serialize(event);
    }

    @Benchmark
    public SyscallEvent deserialize() {
        return deserializer.deserialize(bytes);
    }
}
