package io.yalas.cli.demo;

import io.yalas.schemas.KafkaConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Bytes a topic occupies in the brokers' logs: what Kafka really stores after the producer's batch
 * compression, as opposed to the serialized size the shipper hands to the producer.
 */
public final class TopicSize {
    private TopicSize() {
    }

    public static long bytes(KafkaConnection kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(kafka.clientConfig())) {
            var brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(n -> n.id()).toList();
            long total = 0;
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokers).allDescriptions().get(30, TimeUnit.SECONDS).values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (var e : dir.replicaInfos().entrySet()) {
                        if (e.getKey().topic().equals(topic)) {
                            ReplicaInfo info = e.getValue();
                            total += info.size();
                        }
                    }
                }
            }
            return total;
        }
    }
}
