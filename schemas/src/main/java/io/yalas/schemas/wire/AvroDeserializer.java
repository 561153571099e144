package io.yalas.schemas.wire;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Confluent wire-format records into one reader type, resolving each writer schema (fetched by id
 * from the registry once) against the reader schema, so records written by older or newer producers
 * read as long as the schemas are compatible. Not thread-safe: one per thread or task.
 */
public final class AvroDeserializer<T> {
    private final SchemaRegistryClient registry;
    private final Schema readerSchema;
    private final Map<Integer, DatumReader<T>> readersByWriterId = new HashMap<>();
    private BinaryDecoder decoder;

    public AvroDeserializer(SchemaRegistryClient registry, Schema readerSchema) {
        this.registry = registry;
        this.readerSchema = readerSchema;
    }

    public T deserialize(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int id = WireFormat.readHeader(in);
        DatumReader<T> reader = readersByWriterId.computeIfAbsent(id, this::readerFor);
        decoder = DecoderFactory.get().binaryDecoder(bytes, in.position(), in.remaining(), decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("record with schema id " + id + " does not decode as "
                    + readerSchema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The record, or empty when the bytes are not a readable record of this type: not the wire format, a
     * schema id the registry does not know, or a body that does not decode. Readers of a topic skip those.
     *
     * @throws SchemaRegistryException when the registry cannot be asked, which says nothing about the record
     */
    public Optional<T> readable(byte[] bytes) {
        try {
            return Optional.of(deserialize(bytes));
        } catch (RuntimeException e) {
            if (!isUnreadableRecord(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Whether {@code e}, thrown by {@link #deserialize}, is a verdict on the record rather than on the registry. */
    public static boolean isUnreadableRecord(RuntimeException e) {
        return e instanceof WireFormatException || e instanceof SchemaRegistryException r && r.httpStatus() == 404;
    }

    private DatumReader<T> readerFor(int writerId) {
        Schema writer = registry.getById(writerId);
        return new SpecificDatumReader<>(writer, readerSchema, SpecificData.getForSchema(readerSchema));
    }
}
