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
    private BinaryEncoder encoder;
    private int schemaId = -1;

    public AvroSerializer(SchemaRegistryClient registry, String subject, Schema schema) {
        this.registry = registry;
        this.subject = subject;
        this.schema = schema;
        this.writer = SpecificRecord.class.isAssignableFrom(classOf(schema))
                ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema);
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
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
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
