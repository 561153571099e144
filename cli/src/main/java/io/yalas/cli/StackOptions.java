package io.yalas.cli;

import io.yalas.schemas.ClientSettings;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.stack.StackConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where the stack lives: embedded by default, or the user's own Kafka, registry and Flink. */
public final class StackOptions {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory for the embedded broker's data, the registry's schemas and the logs. Kept across runs.")
    Path dataDir;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Use this Kafka cluster instead of the embedded broker.")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = {"Client settings for a secured cluster and registry, as a properties file: security.protocol, sasl.*, "
                    + "ssl.*, and optionally bootstrap.servers, schema.registry.url, basic.auth.user.info or bearer.auth.* (a static "
                    + "token or OAuth client credentials) and schema.registry.ssl.* "
                    + "(a Confluent Cloud client.properties works). Flags take precedence over the file.",
                    "Used by every client: these commands, the Flink jobs, the shipper replay and SQL."})
    Path kafkaConfig;

    @Option(names = "--schema-registry", paramLabel = "URL",
            description = "Use this Confluent-compatible schema registry instead of the embedded one.")
    String schemaRegistry;

    @Option(names = "--flink", paramLabel = "HOST:PORT",
            description = "Submit jobs to this Flink cluster's REST endpoint instead of the embedded MiniCluster.")
    String flink;

    @Option(names = "--flink-metrics", paramLabel = "HOST:PORT",
            description = "Serve the embedded Flink jobs' metrics for Prometheus on this address, e.g. 127.0.0.1:9249.")
    String flinkMetrics;

    /** Validates the flags; errors are reported against {@code cli} like any other bad option. */
    StackConfig toConfig(picocli.CommandLine cli, Path defaultDataDir) {
        requireHostPort(cli, "--flink", flink);
        requireHostPort(cli, "--flink-metrics", flinkMetrics);
        if (flinkMetrics != null && flink != null) {
            throw new picocli.CommandLine.ParameterException(cli,
                    "--flink-metrics serves the embedded Flink's metrics; a cluster given with --flink has its own reporters");
        }
        Optional<ClientSettings> settings = clientSettings(cli);
        Optional<String> servers = Optional.ofNullable(bootstrapServers).or(() -> settings.flatMap(ClientSettings::bootstrapServers));
        if (settings.isPresent() && servers.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(cli, "--kafka-config " + kafkaConfig + " has no bootstrap.servers and no "
                    + "--bootstrap-servers is given: the embedded broker takes plain connections on loopback only");
        }
        Optional<KafkaConnection> kafka = ClientSettings.kafka(servers, settings);
        Optional<RegistryConnection> registry;
        try {
            registry = ClientSettings.registry(Optional.ofNullable(schemaRegistry), settings);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cli, (schemaRegistry != null ? "--schema-registry: " : "") + e.getMessage());
        }
        // With Kafka and the registry both external nothing embedded keeps data, so no default directory is claimed.
        boolean allExternal = kafka.isPresent() && registry.isPresent();
        Path fallback = allExternal ? null : defaultDataDir;
        return new StackConfig(Optional.ofNullable(dataDir).or(() -> Optional.ofNullable(fallback)),
                kafka, registry, Optional.ofNullable(flink), true,
                Optional.ofNullable(flinkMetrics));
    }

    private Optional<ClientSettings> clientSettings(picocli.CommandLine cli) {
        if (kafkaConfig == null) {
            return Optional.empty();
        }
        try {
            ClientSettings settings = ClientSettings.read(kafkaConfig);
            if (!settings.ignored().isEmpty()) {
                cli.getErr().println("yalas: " + kafkaConfig + ": not applied, as each YALAS client sets its own: "
                        + String.join(", ", settings.ignored()));
            }
            return Optional.of(settings);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(cli, "--kafka-config " + e.getMessage());
        }
    }

    private static void requireHostPort(picocli.CommandLine cli, String option, String value) {
        if (value != null && !value.matches("[^:]+:\\d{1,5}")) {
            throw new picocli.CommandLine.ParameterException(cli, option + " must be HOST:PORT, got '" + value + "'");
        }
    }

    /** For commands that run no job on the stack's Flink (a --flink cluster is still reached). */
    StackConfig toConfigWithoutJobs(picocli.CommandLine cli, Path defaultDataDir) {
        if (flinkMetrics != null) {
            throw new picocli.CommandLine.ParameterException(cli, "--flink-metrics: this command runs no Flink job");
        }
        return toConfig(cli, defaultDataDir).withoutFlink();
    }

    /**
     * For commands that only read and write topics: no embedded Flink (a --flink cluster is still reached), and
     * the user's Kafka comes with the user's registry, since a registry embedded for one command would register
     * schemas in that cluster behind the user's back.
     */
    StackConfig toTopicsConfig(picocli.CommandLine cli, Path defaultDataDir) {
        StackConfig config = toConfigWithoutJobs(cli, defaultDataDir);
        if (config.kafka().isPresent() && config.schemaRegistry().isEmpty()) {
            throw new picocli.CommandLine.ParameterException(cli, "a Kafka cluster of your own needs your schema registry too: "
                    + "give --schema-registry (or schema.registry.url in --kafka-config)");
        }
        return config;
    }
}
