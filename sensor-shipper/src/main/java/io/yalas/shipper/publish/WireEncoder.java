package io.yalas.shipper.publish;

import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.schemas.wire.WireFormat;
import io.yalas.schemas.wire.WireFormatException;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The shipper's Confluent wire format writer (magic, schema id, Avro body) for the events topic: the
 * same bytes as the schemas module's AvroSerializer, with the body written by a
 * {@link CompiledAvroWriter}. The schema is registered under the subject on first use.
 * Not thread-safe: the pipeline thread only.
 */
public final class WireEncoder<T extends IndexedRecord> {
    private final SchemaRegistryClient registry;
    private final String subject;
    private final Schema schema;
    private final CompiledAvroWriter writer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    /**
     * Bound to {@code buffer} once: re-binding per record (EncoderFactory's reuse) allocates a channel and
     * its buffer every time. Empty between records (flushed), so the header goes to the buffer directly.
     */
    private BinaryEncoder encoder;
    private int schemaId = -1;

    public WireEncoder(SchemaRegistryClient registry, String subject, Schema schema) {
        this.registry = registry;
        this.subject = subject;
        this.schema = schema;
        this.writer = CompiledAvroWriter.of(schema);
        this.encoder = EncoderFactory.get().binaryEncoder(buffer, null);
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
}
