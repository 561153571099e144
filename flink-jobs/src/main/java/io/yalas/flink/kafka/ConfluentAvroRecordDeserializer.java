package io.yalas.flink.kafka;

import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads Confluent wire-format Avro values into a generated record class, fetching writer schemas by id.
 * Records that do not decode are skipped ({@link CorruptRecords}, metric {@code corruptRecords}).
 */
public final class ConfluentAvroRecordDeserializer<T extends SpecificRecordBase> implements KafkaRecordDeserializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final RegistryConnection registry;
    private transient AvroDeserializer<T> deserializer;
    private transient CorruptRecords corrupt;

    public ConfluentAvroRecordDeserializer(Class<T> type, RegistryConnection registry) {
        this.type = type;
        this.registry = registry;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        deserializer = new AvroDeserializer<>(new HttpSchemaRegistryClient(registry), SpecificData.get().getSchema(type));
        corrupt = new CorruptRecords(context.getMetricGroup(), "corruptRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (record.value() == null) {
            return;
        }
        T value;
        try {
            value = deserializer.deserialize(record.value());
        } catch (RuntimeException e) {
            corrupt.skip(record, e);
            return;
        }
        out.collect(value);
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
