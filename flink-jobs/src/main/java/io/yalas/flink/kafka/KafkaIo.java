package io.yalas.flink.kafka;

import io.yalas.flink.events.EncodedEvent;
import io.yalas.schemas.Alert;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.RegistryConnection;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;

import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Kafka sources and sinks of the YALAS topics, in the Confluent wire format. The jobs themselves never
 * see Kafka: {@code main} methods wire these in, tests pass bounded collections instead.
 *
 * @param kafka    Kafka cluster and how to connect to it
 * @param registry Confluent-compatible schema registry
 */
public record KafkaIo(KafkaConnection kafka, RegistryConnection registry) {

    /** Reads {@code topic} from its beginning; {@code bounded} stops at the offsets current at start. */
    public <T extends SpecificRecordBase> KafkaSource<T> source(String topic, Class<T> type, String groupId, boolean bounded) {
        return source(topic, new ConfluentAvroRecordDeserializer<>(type, registry), groupId, bounded);
    }

    /** The events topic for detection: events stay encoded until the process they belong to scores them. */
    public KafkaSource<EncodedEvent> encodedEvents(String groupId, boolean bounded) {
        return source(Topics.EVENTS, new EncodedEventDeserializer(registry), groupId, bounded);
    }

    private <T> KafkaSource<T> source(String topic, KafkaRecordDeserializationSchema<T> deserializer, String groupId, boolean bounded) {
        var builder = KafkaSource.<T>builder()
                .setProperties(kafka.clientProperties())
                .setTopics(topic)
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(deserializer);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    /**
     * Alerts, exactly once: written in Kafka transactions committed with Flink's checkpoints, so a job
     * restored from a checkpoint neither loses nor repeats an alert for read_committed consumers.
     */
    public KafkaSink<Alert> alertSink(String topic, String transactionalIdPrefix) {
        Properties producer = kafka.clientProperties();
        // Must outlast the checkpoint interval plus a restart, or the broker aborts open transactions.
        producer.setProperty("transaction.timeout.ms", String.valueOf(15 * 60 * 1000));
        producer.setProperty("compression.type", "lz4");
        return KafkaSink.<Alert>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setRecordSerializer(KafkaRecordSerializationSchema.<Alert>builder()
                        .setTopic(topic)
                        .setKeySerializationSchema(a -> (a.getHost() + "/" + a.getProcess().getPid()).getBytes(StandardCharsets.UTF_8))
                        .setValueSerializationSchema(new ConfluentAvroSerializationSchema<>(Alert.class, registry, topic))
                        .build())
                .build();
    }
}
