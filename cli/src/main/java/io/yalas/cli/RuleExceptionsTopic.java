package io.yalas.cli;

import io.yalas.flink.rules.RuleExceptions;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.RuleExceptionSet;
import io.yalas.schemas.TopicReader;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The rule exceptions in force on a cluster: the latest valid record of {@link Topics#RULE_EXCEPTIONS}, which
 * every detect job follows live. Only texts that parse are written here, so a job never has to reject one of ours.
 */
final class RuleExceptionsTopic {
    private final KafkaConnection kafka;
    private final RegistryConnection registry;
    private final Duration timeout;

    RuleExceptionsTopic(KafkaConnection kafka, RegistryConnection registry) {
        this(kafka, registry, Duration.ofSeconds(30));
    }

    /** @param timeout how long an unreachable Kafka keeps the caller waiting */
    RuleExceptionsTopic(KafkaConnection kafka, RegistryConnection registry, Duration timeout) {
        this.kafka = kafka;
        this.registry = registry;
        this.timeout = timeout;
        Topics.ensure(kafka, timeout);
    }

    /**
     * Puts {@code text} in force, named {@code source}.
     *
     * @throws IllegalArgumentException naming the source and line of the first problem; nothing is written then
     */
    RuleExceptionSet set(String source, String text) {
        RuleExceptions.fromText(source, text);
        RuleExceptionSet set = RuleExceptionSet.newBuilder().setText(text).setSource(source)
                .setSetTime(Instant.ofEpochMilli(System.currentTimeMillis())).setSetBy(whoAmI()).build();
        byte[] value = new AvroSerializer<RuleExceptionSet>(new HttpSchemaRegistryClient(registry),
                AvroSerializer.valueSubject(Topics.RULE_EXCEPTIONS), RuleExceptionSet.getClassSchema()).serialize(set);
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.RULE_EXCEPTIONS, Topics.RULE_EXCEPTIONS_KEY, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not write the rule exceptions to " + Topics.RULE_EXCEPTIONS + " on " + kafka.bootstrapServers()
                    + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the rule exceptions", e);
        }
        return set;
    }

    /**
     * What the topic holds now, as a detect job reads it: the set in force is the latest record that decodes and
     * parses; newer records that do not (written by something other than yalas) are skipped, and counted.
     */
    record State(Optional<RuleExceptionSet> inForce, RuleExceptions exceptions, int skippedNewer) {
    }

    State read() {
        List<byte[]> values = TopicReader.values(kafka, Topics.RULE_EXCEPTIONS, false, timeout);
        AvroDeserializer<RuleExceptionSet> deserializer = new AvroDeserializer<>(new HttpSchemaRegistryClient(registry),
                RuleExceptionSet.getClassSchema());
        int skipped = 0;
        for (int i = values.size() - 1; i >= 0; i--) {
            Optional<RuleExceptionSet> set = deserializer.readable(values.get(i));
            if (set.isPresent()) {
                try {
                    return new State(set, RuleExceptions.fromText(set.get().getSource(), set.get().getText()), skipped);
                } catch (IllegalArgumentException e) {
                    // a set that does not parse: the job skips it too
                }
            }
            skipped++;
        }
        return new State(Optional.empty(), RuleExceptions.NONE, skipped);
    }

    private static String whoAmI() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return System.getProperty("user.name") + "@" + host;
    }
}
