package io.yalas.stack;

import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.stack.flink.EmbeddedFlink;
import io.yalas.stack.flink.FlinkTarget;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.KafkaSchemaLog;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The single-machine YALAS stack: Kafka (KRaft), a Confluent-protocol schema registry and Flink, each
 * embedded unless the config names an external one. Components stop in reverse order on close.
 */
public final class YalasStack implements AutoCloseable {
    private static final String PORTS_FILE = "stack.properties";

    private final Path dataDir;
    private final boolean temporary;
    private final KafkaConnection kafka;
    private final RegistryConnection schemaRegistry;
    private final Optional<FlinkTarget> flink;
    private final boolean flinkIsExternal;
    private final Deque<AutoCloseable> resources;

    private YalasStack(Path dataDir, boolean temporary, KafkaConnection kafka, RegistryConnection schemaRegistry,
                       Optional<FlinkTarget> flink, boolean flinkIsExternal, Deque<AutoCloseable> resources) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.kafka = kafka;
        this.schemaRegistry = schemaRegistry;
        this.flink = flink;
        this.flinkIsExternal = flinkIsExternal;
        this.resources = resources;
    }

    public static YalasStack start(StackConfig config) {
        Deque<AutoCloseable> resources = new ArrayDeque<>();
        boolean temporary = config.dataDir().isEmpty();
        try {
            Path dataDir = config.dataDir().isPresent()
                    ? Files.createDirectories(config.dataDir().get()).toAbsolutePath()
                    : Files.createTempDirectory("yalas-stack-");
            resources.push(lock(dataDir));
            StackLogging.toFile(dataDir);
            Properties ports = loadPorts(dataDir);

            KafkaConnection kafka;
            if (config.kafka().isPresent()) {
                kafka = config.kafka().get();
            } else {
                EmbeddedKafka broker = EmbeddedKafka.start(dataDir.resolve("kafka"),
                        PortAllocator.freePort(port(ports, "kafka.port")),
                        PortAllocator.freePort(port(ports, "kafka.controller.port")));
                resources.push(broker);
                ports.setProperty("kafka.port", String.valueOf(broker.brokerPort()));
                ports.setProperty("kafka.controller.port", String.valueOf(broker.controllerPort()));
                kafka = KafkaConnection.plain(broker.bootstrapServers());
            }

            RegistryConnection registryConnection;
            if (config.schemaRegistry().isPresent()) {
                registryConnection = config.schemaRegistry().get();
            } else {
                KafkaSchemaLog log = new KafkaSchemaLog(kafka, KafkaSchemaLog.DEFAULT_TOPIC);
                resources.push(log);
                SchemaRegistry registry = new SchemaRegistry(log.readAll(), log::append);
                SchemaRegistryServer server = SchemaRegistryServer.start(registry, "127.0.0.1",
                        PortAllocator.freePort(port(ports, "registry.port")));
                resources.push(server);
                ports.setProperty("registry.port", String.valueOf(server.port()));
                registryConnection = RegistryConnection.plain(server.url());
            }

            Optional<FlinkTarget> flink = Optional.empty();
            if (config.flinkAddress().isPresent()) {
                flink = Optional.of(FlinkTarget.parse(config.flinkAddress().get(), java.util.List.of()));
            } else if (config.withFlink()) {
                EmbeddedFlink embedded = EmbeddedFlink.start(PortAllocator.freePort(port(ports, "flink.port")), 4,
                        config.flinkMetrics());
                resources.push(embedded);
                ports.setProperty("flink.port", String.valueOf(embedded.restAddress().getPort()));
                flink = Optional.of(embedded.target());
            }
            savePorts(dataDir, ports);
            return new YalasStack(dataDir, temporary, kafka, registryConnection, flink, config.flinkAddress().isPresent(), resources);
        } catch (IOException e) {
            closeAll(resources);
            throw new UncheckedIOException("cannot start the YALAS stack: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(resources);
            throw e;
        }
    }

    private static AutoCloseable lock(Path dataDir) throws IOException {
        FileChannel channel = FileChannel.open(dataDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("data directory " + dataDir + " is in use by another YALAS stack");
        }
        FileLock held = lock;
        return () -> {
            held.release();
            channel.close();
        };
    }

    private static int port(Properties ports, String key) {
        try {
            return Integer.parseInt(ports.getProperty(key, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Properties loadPorts(Path dataDir) throws IOException {
        Properties ports = new Properties();
        Path file = dataDir.resolve(PORTS_FILE);
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                ports.load(in);
            }
        }
        return ports;
    }

    private static void savePorts(Path dataDir, Properties ports) throws IOException {
        try (Writer out = Files.newBufferedWriter(dataDir.resolve(PORTS_FILE))) {
            ports.store(out, "Ports of the last run; reused when free so clients keep their addresses");
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** How clients reach this stack's Kafka: the embedded broker in plain text, or the user's cluster with its settings. */
    public KafkaConnection kafka() {
        return kafka;
    }

    /** How clients reach this stack's schema registry: the embedded one on loopback, or the user's with its settings. */
    public RegistryConnection schemaRegistry() {
        return schemaRegistry;
    }

    /** The registry's URL as clients take it, credentials included: not for display. */
    public String schemaRegistryUrl() {
        return schemaRegistry.url();
    }

    public Optional<FlinkTarget> flink() {
        return flink;
    }

    /** Whether {@link #flink()} is a cluster of its own (--flink), which has none of the jobs' classes, or the embedded MiniCluster. */
    public boolean flinkIsExternal() {
        return flinkIsExternal;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path logFile() {
        return dataDir.resolve("logs").resolve("stack.log");
    }

    @Override
    public void close() {
        closeAll(resources);
        if (temporary) {
            deleteTree(dataDir);
        }
    }

    private static void closeAll(Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                // Keep closing the rest: one component's failure must not leak the others.
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory that cannot be fully removed is left to the OS.
        }
    }
}
