package io.yalas.flink.kafka;

import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Writes a generated record class as Confluent wire-format Avro under {@code <topic>-value}. */
public final class ConfluentAvroSerializationSchema<T extends SpecificRecordBase> implements SerializationSchema<T>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final RegistryConnection registry;
    private final String topic;
    private transient AvroSerializer<T> serializer;

    public ConfluentAvroSerializationSchema(Class<T> type, RegistryConnection registry, String topic) {
        this.type = type;
        this.registry = registry;
        this.topic = topic;
    }

    @Override
    public void open(InitializationContext context) {
        serializer = newSerializer();
    }

    private AvroSerializer<T> newSerializer() {
        return new AvroSerializer<>(new HttpSchemaRegistryClient(registry), AvroSerializer.valueSubject(topic),
                org.apache.avro.specific.SpecificData.get().getSchema(type));
    }

    @Override
    public byte[] serialize(T element) {
        if (serializer == null) {
            serializer = newSerializer();
        }
        return serializer.serialize(element);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
