package io.yalas.schemas.wire;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Writes records of one schema in the Confluent wire format, registering the schema under the
 * subject once (TopicNameStrategy: {@code <topic>-value}). Not thread-safe: one per thread or task.
 */
public final class AvroSerializer<T extends IndexedRecord> {
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final SchemaRegistryClient registry;
    private final String subject;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    /**
     * Bound to {@code buffer} once: re-binding per record (EncoderFactory's reuse) allocates a channel and
     * its buffer every time. Empty between records (flushed), so the header goes to the buffer directly.
     */
    private BinaryEncoder encoder;
    private int schemaId = -1;

    public AvroSerializer(SchemaRegistryClient registry, String subject, Schema schema) {
        this(registry, subject, schema, SpecificRecord.class.isAssignableFrom(classOf(schema))
                ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema));
    }

    /** With a body writer of the caller's choice for {@code schema} (e.g. one specialised for a hot path). */
    public AvroSerializer(SchemaRegistryClient registry, String subject, Schema schema, DatumWriter<T> writer) {
        this.registry = registry;
        this.subject = subject;
        this.schema = schema;
        this.writer = writer;
        this.encoder = EncoderFactory.get().binaryEncoder(buffer, null);
    }

    public static String valueSubject(String topic) {
        return topic + "-value";
    }

    public byte[] serialize(T record) {
        if (schemaId < 0) {
            schemaId = registry.register(subject, schema);
        }
        buffer.reset();
        buffer.write(WireFormat.MAGIC);
        buffer.write(schemaId >>> 24);
        buffer.write(schemaId >>> 16);
        buffer.write(schemaId >>> 8);
        buffer.write(schemaId);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            encoder = EncoderFactory.get().binaryEncoder(buffer, null); // drop the half-written record
            throw new WireFormatException("cannot serialize a " + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return buffer.toByteArray();
    }

    private static Class<?> classOf(Schema schema) {
        try {
            return Class.forName(schema.getFullName());
        } catch (ClassNotFoundException e) {
            return Object.class;
        }
    }
}
