package io.yalas.cli;

import io.yalas.schemas.KafkaConnection;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.KafkaSchemaLog;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;

import java.io.IOException;
import java.util.Optional;

/**
 * A user's own cluster for the command tests: a broker started with listener settings of the test's choosing
 * and a schema registry that keeps its schemas in that broker, reached through {@code connection}.
 */
record ClusterWithRegistry(EmbeddedKafka broker, KafkaSchemaLog schemaLog, SchemaRegistryServer registry) implements AutoCloseable {

    /** @param registryUserInfo {@code user:password} the registry demands, if any */
    static ClusterWithRegistry around(EmbeddedKafka broker, KafkaConnection connection, Optional<String> registryUserInfo) throws IOException {
        KafkaSchemaLog log = new KafkaSchemaLog(connection, KafkaSchemaLog.DEFAULT_TOPIC);
        return new ClusterWithRegistry(broker, log,
                SchemaRegistryServer.start(new SchemaRegistry(log.readAll(), log::append), "127.0.0.1", 0, registryUserInfo));
    }

    /** The registry's address, without credentials. */
    String registryUrl() {
        return "http://127.0.0.1:" + registry.port();
    }

    @Override
    public void close() {
        registry.close();
        schemaLog.close();
        broker.close();
    }
}
