package io.yalas.schemas.wire;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireFormatTest {
    /** Stands in for the registry's id bookkeeping only; the HTTP protocol is tested against the real server in the stack module. */
    static final class InMemoryRegistry implements SchemaRegistryClient {
        final Map<Integer, Schema> byId = new HashMap<>();
        int registrations;

        @Override
        public int register(String subject, Schema schema) {
            registrations++;
            for (Map.Entry<Integer, Schema> e : byId.entrySet()) {
                if (e.getValue().equals(schema)) {
                    return e.getKey();
                }
            }
            int id = byId.size() + 1;
            byId.put(id, schema);
            return id;
        }

        @Override
        public Schema getById(int id) {
            Schema s = byId.get(id);
            if (s == null) {
                throw new SchemaRegistryException(404, 40403, "Schema " + id + " not found");
            }
            return s;
        }
    }

    static SyscallEvent event() {
        return SyscallEvent.newBuilder()
                .setHost("web-1").setBootId("b").setSeq(42).setEventTime(Instant.ofEpochMilli(1_700_000_000_123L))
                .setTsNs(1_700_000_000_123_000_000L).setLastTsNs(1_700_000_000_123_000_000L)
                .setCpu(1).setPid(10).setTid(11).setPpid(1).setUid(1000).setGid(1000).setEuid(0)
                .setComm("curl").setExe("/usr/bin/curl").setCgroupId(7).setSyscall("connect").setSyscallNr(42)
                .setFamily(EventFamily.NETWORK).setSockFamily("AF_INET6").setSockAddr("::1").setSockPort(8080)
                .setArgv(List.of("curl", "http://[::1]:8080/")).setRet(0).build();
    }

    @Test
    void headerIsMagicZeroThenBigEndianId() {
        InMemoryRegistry registry = new InMemoryRegistry();
        byte[] bytes = new AvroSerializer<SyscallEvent>(registry, "t-value", SyscallEvent.getClassSchema()).serialize(event());
        assertEquals(0, bytes[0]);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, new byte[] {bytes[1], bytes[2], bytes[3], bytes[4]});
        assertEquals(1, WireFormat.readHeader(ByteBuffer.wrap(bytes)));
    }

    @Test
    void roundTripRegistersOnceAndReadsBack() {
        InMemoryRegistry registry = new InMemoryRegistry();
        AvroSerializer<SyscallEvent> serializer = new AvroSerializer<>(registry, "t-value", SyscallEvent.getClassSchema());
        AvroDeserializer<SyscallEvent> deserializer = new AvroDeserializer<>(registry, SyscallEvent.getClassSchema());
        for (int i = 0; i < 3; i++) {
            assertEquals(event(), deserializer.deserialize(serializer.serialize(event())));
        }
        assertEquals(1, registry.registrations);
    }

    @Test
    void olderWriterSchemaResolvesIntoTheCurrentReader() {
        InMemoryRegistry registry = new InMemoryRegistry();
        Schema old = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"io.yalas.test\","
                + "\"fields\":[{\"name\":\"host\",\"type\":\"string\"},{\"name\":\"seq\",\"type\":\"long\"}]}");
        GenericRecord written = new GenericData.Record(old);
        written.put("host", "h");
        written.put("seq", 5L);
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, "t-value", old).serialize(written);
        Schema reader = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"io.yalas.test\","
                + "\"fields\":[{\"name\":\"host\",\"type\":\"string\"},{\"name\":\"seq\",\"type\":\"long\"},"
                + "{\"name\":\"run_id\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
        GenericRecord read = new AvroDeserializer<GenericRecord>(registry, reader).deserialize(bytes);
        assertEquals(5L, read.get("seq"));
        assertNull(read.get("run_id"));
    }

    @Test
    void malformedRecordsAreClearErrors() {
        InMemoryRegistry registry = new InMemoryRegistry();
        AvroDeserializer<SyscallEvent> deserializer = new AvroDeserializer<>(registry, SyscallEvent.getClassSchema());
        WireFormatException shortRecord = assertThrows(WireFormatException.class, () -> deserializer.deserialize(new byte[] {0, 0}));
        assertTrue(shortRecord.getMessage().contains("shorter than the 5-byte"), shortRecord.getMessage());
        WireFormatException badMagic = assertThrows(WireFormatException.class, () -> deserializer.deserialize(new byte[] {7, 0, 0, 0, 1, 2}));
        assertTrue(badMagic.getMessage().contains("magic byte 7"), badMagic.getMessage());
        SchemaRegistryException unknownId = assertThrows(SchemaRegistryException.class, () -> deserializer.deserialize(new byte[] {0, 0, 0, 0, 9, 2}));
        assertEquals(40403, unknownId.errorCode());

        byte[] good = new AvroSerializer<SyscallEvent>(registry, "t-value", SyscallEvent.getClassSchema()).serialize(event());
        byte[] truncated = java.util.Arrays.copyOf(good, good.length / 2);
        WireFormatException cut = assertThrows(WireFormatException.class, () -> deserializer.deserialize(truncated));
        assertTrue(cut.getMessage().contains("does not decode"), cut.getMessage());
    }

    @Test
    void readersOfATopicSkipBadRecordsButNotAnUnreachableRegistry() {
        InMemoryRegistry registry = new InMemoryRegistry();
        AvroDeserializer<SyscallEvent> deserializer = new AvroDeserializer<>(registry, SyscallEvent.getClassSchema());
        byte[] good = new AvroSerializer<SyscallEvent>(registry, "t-value", SyscallEvent.getClassSchema()).serialize(event());
        assertEquals(event(), deserializer.readable(good).orElseThrow());
        for (byte[] bad : java.util.List.of(new byte[] {0, 0}, new byte[] {7, 0, 0, 0, 1, 2}, new byte[] {0, 0, 0, 0, 9, 2},
                java.util.Arrays.copyOf(good, good.length / 2))) {
            assertTrue(deserializer.readable(bad).isEmpty());
        }
        SchemaRegistryClient down = new SchemaRegistryClient() {
            @Override
            public int register(String subject, org.apache.avro.Schema schema) {
                throw new SchemaRegistryException(503, 50300, "unavailable");
            }

            @Override
            public org.apache.avro.Schema getById(int id) {
                throw new SchemaRegistryException(503, 50300, "unavailable");
            }
        };
        assertThrows(SchemaRegistryException.class, () -> new AvroDeserializer<SyscallEvent>(down, SyscallEvent.getClassSchema()).readable(good));
    }
}
