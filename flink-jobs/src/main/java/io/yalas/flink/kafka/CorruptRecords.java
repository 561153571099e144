package io.yalas.flink.kafka;

import io.yalas.schemas.wire.SchemaRegistryException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a source does with a record that does not decode: skips it, counts it in a metric and names the first
 * ones by topic, partition and offset in the log. The record stays in Kafka, and one bad record never stops
 * a job (a failed job would restart on the same record for ever). A registry that cannot be reached is not a
 * bad record: that failure is rethrown, so the job restarts from its checkpoint and loses nothing.
 */
final class CorruptRecords {
    private static final Logger LOG = LoggerFactory.getLogger(CorruptRecords.class);
    private static final int LOGGED = 20;

    private final Counter counter;
    private long seen;

    CorruptRecords(MetricGroup metrics, String metricName) {
        this.counter = metrics.counter(metricName);
    }

    /**
     * Skips {@code record}, which failed with {@code e}.
     *
     * @throws SchemaRegistryException when the registry failed for another reason than an unknown schema id
     */
    void skip(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        if (e instanceof SchemaRegistryException registry && registry.httpStatus() != 404) {
            throw registry;
        }
        counter.inc();
        if (++seen <= LOGGED) {
            LOG.warn("skipping the record at {}-{} offset {}, which does not decode: {}{}", record.topic(), record.partition(),
                    record.offset(), e.getMessage(), seen == LOGGED ? " (further ones are only counted)" : "");
        }
    }
}
