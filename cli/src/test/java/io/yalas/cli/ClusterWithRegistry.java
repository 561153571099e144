package io.yalas.cli;

import io.yalas.schemas.KafkaConnection;
import io.yalas.stack.PortAllocator;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.KafkaSchemaLog;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A user's own cluster for the command tests: a broker started with listener settings of the test's choosing
 * and a schema registry that keeps its schemas in that broker, reached through {@code connection}.
 */
record ClusterWithRegistry(EmbeddedKafka broker, KafkaSchemaLog schemaLog, SchemaRegistryServer registry) implements AutoCloseable {

    /**
     * A broker whose one client listener on loopback speaks {@code protocol} (e.g. {@code SSL}), with that
     * protocol's own broker settings; its controller stays plain text on loopback.
     */
    static EmbeddedKafka broker(Path dir, String protocol, Map<String, String> protocolSettings) {
        int port = PortAllocator.freePort(0);
        int controllerPort = PortAllocator.freePort(0);
        Map<String, String> settings = new HashMap<>(protocolSettings);
        settings.put("listeners", protocol + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        settings.put("advertised.listeners", protocol + "://127.0.0.1:" + port);
        settings.put("inter.broker.listener.name", protocol);
        settings.put("listener.security.protocol.map", protocol + ":" + protocol + ",CONTROLLER:PLAINTEXT");
        return EmbeddedKafka.start(dir, port, controllerPort, settings);
    }

    /**
     * @param registryAuthentication what the registry demands of a request
     * @param registryTls            how the registry serves https, if it does
     */
    static ClusterWithRegistry around(EmbeddedKafka broker, KafkaConnection connection,
                                      SchemaRegistryServer.Authentication registryAuthentication,
                                      Optional<SchemaRegistryServer.Tls> registryTls) throws IOException {
        KafkaSchemaLog log = new KafkaSchemaLog(connection, KafkaSchemaLog.DEFAULT_TOPIC);
        return new ClusterWithRegistry(broker, log,
                SchemaRegistryServer.start(new SchemaRegistry(log.readAll(), log::append), "127.0.0.1", 0, registryAuthentication, registryTls));
    }

    /** The registry's address, without credentials. */
    String registryUrl() {
        return registry.url();
    }

    /** Stops what a test class started: the whole cluster, or only its broker when the registry never came up. */
    static void stop(ClusterWithRegistry cluster, EmbeddedKafka broker) {
        if (cluster != null) {
            cluster.close();
        } else if (broker != null) {
            broker.close();
        }
    }

    @Override
    public void close() {
        registry.close();
        schemaLog.close();
        broker.close();
    }
}
