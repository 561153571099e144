package io.yalas.stack.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.admin.Admin;
import io.yalas.schemas.KafkaConnection;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the registry's entries in a compacted Kafka topic, keyed like Confluent's {@code _schemas}
 * topic (one key per subject version and per config), so the latest entry per key survives
 * compaction and a restart replays to the same state.
 */
public final class KafkaSchemaLog implements AutoCloseable {
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final KafkaConnection kafka;
    private final KafkaProducer<String, String> producer;

    public KafkaSchemaLog(KafkaConnection kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
        ensureTopic();
        Properties p = kafka.clientProperties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            NewTopic newTopic = new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw RegistryException.storeError("cannot create topic " + topic + ": " + e.getCause(), e);
            }
        } catch (Exception e) {
            throw RegistryException.storeError("cannot create topic " + topic + ": " + e, e);
        }
    }

    /** Every entry from the start of the topic to its current end; the latest per key wins. */
    public List<SchemaLogEntry> readAll() {
        Properties p = kafka.clientProperties();
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, SchemaLogEntry> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw RegistryException.storeError("timed out reading " + topic, null);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() == null) {
                        latest.remove(record.key());
                    } else {
                        latest.remove(record.key());
                        latest.put(record.key(), decode(record.value()));
                    }
                }
            }
        }
        return new ArrayList<>(latest.values());
    }

    /** Writes synchronously: returns only once the broker has acknowledged the entry. */
    public void append(SchemaLogEntry entry) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key(entry), encode(entry))).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError("interrupted while writing to " + topic, e);
        } catch (Exception e) {
            throw RegistryException.storeError("cannot write to " + topic + ": " + e, e);
        }
    }

    static String key(SchemaLogEntry entry) {
        ObjectNode key = JSON.createObjectNode();
        if (entry instanceof SchemaLogEntry.SchemaVersion v) {
            key.put("keytype", "SCHEMA").put("subject", v.subject()).put("version", v.version()).put("magic", 1);
        } else if (entry instanceof SchemaLogEntry.Config c) {
            key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
        }
        return key.toString();
    }

    static String encode(SchemaLogEntry entry) {
        ObjectNode value = JSON.createObjectNode();
        if (entry instanceof SchemaLogEntry.SchemaVersion v) {
            value.put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                    .put("schema", v.schema()).put("deleted", v.deleted());
        } else if (entry instanceof SchemaLogEntry.Config c) {
            value.put("subject", c.subject()).put("compatibilityLevel", c.level().name());
        }
        return value.toString();
    }

    static SchemaLogEntry decode(String json) {
        try {
            JsonNode v = JSON.readTree(json);
            if (v.has("compatibilityLevel")) {
                String subject = v.path("subject").isNull() || v.path("subject").isMissingNode() ? null : v.get("subject").asText();
                return new SchemaLogEntry.Config(subject, CompatibilityLevel.parse(v.get("compatibilityLevel").asText()));
            }
            return new SchemaLogEntry.SchemaVersion(v.get("subject").asText(), v.get("version").asInt(),
                    v.get("id").asInt(), v.get("schema").asText(), v.path("deleted").asBoolean(false));
        } catch (IOException | NullPointerException e) {
            throw RegistryException.storeError("unreadable entry in the schema log: " + json, e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
