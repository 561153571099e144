package io.yalas.flink.kafka;

import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.EventCodec;
import io.yalas.flink.events.EventMapping;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.schemas.wire.WireFormat;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the events topic into {@link EncodedEvent}s. A record written with the job's own schema (the
 * normal case) keeps its Avro body as it is and only the routing fields are read, through a projection of
 * the schema; a record from an older or newer producer is decoded with schema resolution and re-encoded.
 * A record that does not decode is skipped ({@link CorruptRecords}, metric {@code corruptEvents}).
 */
public final class EncodedEventDeserializer implements KafkaRecordDeserializationSchema<EncodedEvent> {
    private static final long serialVersionUID = 1L;
    private static final Schema ROUTING = project(SyscallEvent.SCHEMA$, List.of("host", "boot_id", "run_id", "event_time", "pid"));

    private final RegistryConnection registryConnection;
    private transient SchemaRegistryClient registry;
    private transient Map<Integer, Reader> readers;
    private transient EventCodec codec;
    private transient BinaryDecoder decoder;
    private transient CorruptRecords corrupt;

    public EncodedEventDeserializer(RegistryConnection registryConnection) {
        this.registryConnection = registryConnection;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        registry = new HttpSchemaRegistryClient(registryConnection);
        readers = new HashMap<>();
        codec = new EventCodec();
        corrupt = new CorruptRecords(context.getMetricGroup(), "corruptEvents");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EncodedEvent> out) {
        byte[] value = record.value();
        if (value == null) {
            return;
        }
        EncodedEvent event;
        try {
            ByteBuffer in = ByteBuffer.wrap(value);
            int schemaId = WireFormat.readHeader(in);
            Reader reader = readers.computeIfAbsent(schemaId, id -> readerFor(registry.getById(id)));
            decoder = DecoderFactory.get().binaryDecoder(value, in.position(), in.remaining(), decoder);
            event = reader.read(value, in.position());
        } catch (RuntimeException e) {
            corrupt.skip(record, e);
            return;
        } catch (IOException e) {
            corrupt.skip(record, new UncheckedIOException(e));
            return;
        }
        out.collect(event);
    }

    private Reader readerFor(Schema writer) {
        if (writer.equals(SyscallEvent.SCHEMA$)) {
            GenericDatumReader<GenericRecord> routing = new GenericDatumReader<>(writer, ROUTING);
            return (value, bodyStart) -> {
                GenericRecord r = routing.read(null, decoder);
                Object runId = r.get("run_id");
                return new EncodedEvent(EventMapping.processId((CharSequence) r.get("host"), (CharSequence) r.get("boot_id"), (Integer) r.get("pid")),
                        r.get("host").toString(), runId == null ? null : runId.toString(), eventTimeMillis(r.get("event_time")),
                        Arrays.copyOfRange(value, bodyStart, value.length));
            };
        }
        SpecificDatumReader<SyscallEvent> resolving = new SpecificDatumReader<>(writer, SyscallEvent.SCHEMA$);
        return (value, bodyStart) -> codec.encode(resolving.read(null, decoder));
    }

    /** Generic data reads a timestamp-millis as its long unless a conversion is registered; accept both. */
    private static long eventTimeMillis(Object value) {
        return value instanceof java.time.Instant i ? i.toEpochMilli() : (Long) value;
    }

    /** The record schema with only {@code names}, in the writer's order, so resolution skips the rest. */
    static Schema project(Schema full, List<String> names) {
        List<Schema.Field> fields = full.getFields().stream().filter(f -> names.contains(f.name()))
                .map(f -> new Schema.Field(f, f.schema())).toList();
        return Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, fields);
    }

    @Override
    public TypeInformation<EncodedEvent> getProducedType() {
        return TypeInformation.of(EncodedEvent.class);
    }

    @FunctionalInterface
    private interface Reader {
        EncodedEvent read(byte[] value, int bodyStart) throws IOException;
    }
}
