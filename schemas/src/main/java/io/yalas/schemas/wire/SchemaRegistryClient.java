package io.yalas.schemas.wire;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry protocol that serializers and deserializers need. */
public interface SchemaRegistryClient {
    /** Registers (or finds) {@code schema} under {@code subject} and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema getById(int id);
}
