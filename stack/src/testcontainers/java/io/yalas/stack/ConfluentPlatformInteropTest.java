package io.yalas.stack;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Optional;

/**
 * The same interop contract against the real Confluent Platform (Kafka and Schema Registry images):
 * proves the embedded registry answers like Confluent's, and that YALAS runs unchanged on a real cluster.
 * Needs a Docker engine: run with {@code mvn -Ptestcontainers -pl stack -am verify}.
 */
class ConfluentPlatformInteropTest extends RegistryInteropContract {
    static final String CONFLUENT_VERSION = "7.9.0";
    static Network network;
    static ConfluentKafkaContainer kafka;
    static GenericContainer<?> registry;

    @BeforeAll
    static void start() {
        network = Network.newNetwork();
        kafka = new ConfluentKafkaContainer(DockerImageName.parse("confluentinc/cp-kafka:" + CONFLUENT_VERSION))
                .withNetwork(network).withNetworkAliases("kafka")
                .withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>(DockerImageName.parse("confluentinc/cp-schema-registry:" + CONFLUENT_VERSION))
                .withNetwork(network)
                .withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
        registry.start();
        String registryUrl = "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
        stack = YalasStack.start(new StackConfig(Optional.empty(), Optional.of(io.yalas.schemas.KafkaConnection.plain(kafka.getBootstrapServers())),
                Optional.of(io.yalas.schemas.wire.RegistryConnection.plain(registryUrl)), Optional.empty(), true, Optional.empty()));
    }

    @AfterAll
    static void stopContainers() {
        if (registry != null) {
            registry.stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (network != null) {
            network.close();
        }
    }
}
