package io.yalas.flink.kafka;

import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Reads Confluent wire-format Avro into a generated record class, fetching writer schemas by id. */
public final class ConfluentAvroDeserializationSchema<T extends SpecificRecordBase> implements DeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String registryUrl;
    private transient AvroDeserializer<T> deserializer;

    public ConfluentAvroDeserializationSchema(Class<T> type, String registryUrl) {
        this.type = type;
        this.registryUrl = registryUrl;
    }

    @Override
    public void open(InitializationContext context) {
        deserializer = newDeserializer();
    }

    private AvroDeserializer<T> newDeserializer() {
        return new AvroDeserializer<>(new HttpSchemaRegistryClient(registryUrl),
                org.apache.avro.specific.SpecificData.get().getSchema(type));
    }

    @Override
    public T deserialize(byte[] message) {
        if (message == null) {
            return null;
        }
        if (deserializer == null) {
            deserializer = newDeserializer();
        }
        return deserializer.deserialize(message);
    }

    @Override
    public boolean isEndOfStream(T nextElement) {
        return false;
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
