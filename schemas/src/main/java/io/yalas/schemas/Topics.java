package io.yalas.schemas;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Kafka topic names shared by the shipper, the Flink jobs, the model store and the CLI, and their layout. */
public final class Topics {
    public static final String EVENTS = "yalas.events";
    public static final String ALERTS = "yalas.alerts";
    public static final String STATS = "yalas.stats";
    public static final String MODELS = "yalas.models";
    /** The rule exceptions in force, one record per change (the latest wins), compacted to the last one. */
    public static final String RULE_EXCEPTIONS = "yalas.rule-exceptions";
    /** The one key of {@link #RULE_EXCEPTIONS}: one set for the whole cluster. */
    public static final String RULE_EXCEPTIONS_KEY = "rule-exceptions";

    /** Events are keyed by host and process, so partitions spread hosts and processes over the detect job's tasks. */
    public static final int EVENT_PARTITIONS = 4;

    private Topics() {
    }

    /**
     * Creates the YALAS topics that do not exist yet (a no-op on a prepared cluster), replicated three
     * times or on every broker of a smaller cluster (one for the embedded broker).
     */
    public static void ensure(KafkaConnection kafka, Duration timeout) {
        Map<String, Object> config = kafka.clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // the client refuses an API timeout shorter than its request timeout (30 s by default)
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(config)) {
            short replication = (short) Math.min(3, admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size());
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : List.of(EVENTS, ALERTS, STATS)) {
                if (!existing.contains(topic)) {
                    missing.add(new NewTopic(topic, EVENT_PARTITIONS, replication));
                }
            }
            if (!existing.contains(MODELS)) {
                // Keyed by profile@version: compaction keeps every version's latest state.
                missing.add(new NewTopic(MODELS, 1, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024))));
            }
            if (!existing.contains(RULE_EXCEPTIONS)) {
                missing.add(new NewTopic(RULE_EXCEPTIONS, 1, replication).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // The admin client's own timeout and ours are the same length: whichever fires first, no broker answered.
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw notAnswering(kafka, timeout, e);
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create the YALAS topics on " + kafka.bootstrapServers() + ": " + e.getCause().getMessage(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the YALAS topics", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw notAnswering(kafka, timeout, e);
        }
    }

    private static IllegalStateException notAnswering(KafkaConnection kafka, Duration timeout, Exception cause) {
        return new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within " + timeout.toSeconds() + " s"
                + (kafka.settings().isEmpty() ? " (a cluster that needs TLS or SASL needs its client settings, --kafka-config)" : ""), cause);
    }
}
