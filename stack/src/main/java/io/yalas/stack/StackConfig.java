package io.yalas.stack;

import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.wire.RegistryConnection;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the stack should run. Each external address, when present, replaces the embedded component:
 * the same commands then use a real Kafka cluster, schema registry or Flink cluster.
 *
 * @param kafka          the user's Kafka cluster and how to connect to it; empty = the embedded broker
 * @param schemaRegistry the user's schema registry and how to connect to it; empty = the embedded one
 * @param dataDir      where embedded components keep their data and logs; empty = a temp directory
 *                     removed on close
 * @param flinkMetrics HOST:PORT where the embedded Flink serves its jobs' metrics for Prometheus; empty = not
 *                     served (a Flink cluster given by address has its own reporters)
 */
public record StackConfig(Optional<Path> dataDir,
                          Optional<KafkaConnection> kafka,
                          Optional<RegistryConnection> schemaRegistry,
                          Optional<String> flinkAddress,
                          boolean withFlink,
                          Optional<String> flinkMetrics) {

    public static StackConfig embedded(Path dataDir) {
        return new StackConfig(Optional.of(dataDir), Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty());
    }

    public static StackConfig temporary() {
        return new StackConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                Optional.empty());
    }

    public StackConfig withoutFlink() {
        return new StackConfig(dataDir, kafka, schemaRegistry, flinkAddress, false, flinkMetrics);
    }

    public StackConfig withFlinkMetrics(String listen) {
        return new StackConfig(dataDir, kafka, schemaRegistry, flinkAddress, withFlink, Optional.of(listen));
    }
}
