package io.yalas.sql;

import io.yalas.schemas.ClientSettings;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.RegistryUrl;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.formats.avro.registry.confluent.RegistryAvroFormatFactory;
import org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicTableFactory;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * Flink SQL over the YALAS topics: statements from {@code -e}, a file, or typed interactively. Queries run
 * on a local Flink in this JVM, or with {@code --flink} on a cluster. {@code --ddl} prints the table
 * definitions to use in Flink's own SQL client.
 */
@Command(name = "yalas-sql", mixinStandardHelpOptions = true,
        description = {"Flink SQL over the YALAS topics: tables events, alerts, host_stats, behavior_models and the view incidents (quote the columns `count` and `bytes` in backticks).",
                "Without -e or -f, reads statements from standard input (end each with ';', 'quit;' to leave)."})
public final class SqlClient implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka cluster (or bootstrap.servers in --kafka-config).")
    String bootstrapServers;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Client settings of a secured cluster and registry, as a properties file: security.protocol, sasl.*, ssl.*, "
                    + "and optionally bootstrap.servers, schema.registry.url, basic.auth.user.info or bearer.auth.*, schema.registry.ssl.*.")
    Path kafkaConfig;

    @Option(names = "--schema-registry", paramLabel = "URL", defaultValue = "${env:" + RegistryUrl.ENVIRONMENT_VARIABLE + "}",
            description = "Confluent-compatible schema registry (or $" + RegistryUrl.ENVIRONMENT_VARIABLE + ", or schema.registry.url in --kafka-config).")
    String schemaRegistry;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements to run (repeatable; ';' separates several).")
    List<String> execute;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of statements to run.")
    Path file;

    @Option(names = "--follow", description = "Keep reading as records arrive (continuous queries print changes); default: read what the topics hold, then stop.")
    boolean follow;

    @Option(names = "--ddl", description = "Print the CREATE TABLE statements of the YALAS tables and exit.")
    boolean ddl;

    @Option(names = "--flink", paramLabel = "HOST:PORT",
            description = "Run the statements on this Flink cluster (its REST endpoint) instead of a local Flink in this JVM.")
    String flink;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    public SqlClient(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SqlClient(System.in, System.out, System.err)).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (flink != null && !flink.matches("[^:]+:\\d{1,5}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--flink must be HOST:PORT, got '" + flink + "'");
        }
        KafkaConnection kafka;
        RegistryConnection registry;
        try {
            Optional<ClientSettings> settings = Optional.ofNullable(kafkaConfig).map(ClientSettings::read);
            kafka = ClientSettings.kafka(Optional.ofNullable(bootstrapServers), settings)
                    .orElseThrow(() -> new IllegalArgumentException("no Kafka cluster: give --bootstrap-servers"));
            registry = ClientSettings.registry(Optional.ofNullable(schemaRegistry), settings)
                    .orElseThrow(() -> new IllegalArgumentException("no schema registry: give --schema-registry"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        YalasTables tables = new YalasTables(kafka, registry, follow);
        if (ddl) {
            tables.ddl().forEach(statement -> out.println(statement + ";\n"));
            return 0;
        }
        if (file != null && execute != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give statements with -e or -f, not both");
        }
        List<String> script = null;
        try {
            if (file != null) {
                script = Statements.split(Files.readString(file));
            } else if (execute != null) {
                script = Statements.split(String.join(";\n", execute));
            }
        } catch (NoSuchFileException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--file " + file + ": no such file");
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot split the statements: " + e.getMessage());
        }
        SqlSession session = new SqlSession(environment(), tables, out, err);
        if (script != null) {
            for (String statement : script) {
                if (!session.run(statement)) {
                    return 1;
                }
            }
            return 0;
        }
        return interactive(session);
    }

    private TableEnvironment environment() {
        // Bounded reads run in batch mode: aggregates print their final rows, not a changelog.
        EnvironmentSettings.Builder settings = follow ? EnvironmentSettings.newInstance().inStreamingMode()
                : EnvironmentSettings.newInstance().inBatchMode();
        return TableEnvironment.create(settings.withConfiguration(flink == null ? new Configuration() : remote(flink)).build());
    }

    /**
     * Submission to a cluster's REST endpoint. A cluster has Flink's table runtime but not the Kafka connector
     * or the avro-confluent format the tables use, so their jars go with every job.
     */
    static Configuration remote(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        Configuration c = new Configuration();
        c.set(DeploymentOptions.TARGET, "remote");
        c.set(RestOptions.ADDRESS, hostPort.substring(0, colon));
        c.set(RestOptions.PORT, Integer.parseInt(hostPort.substring(colon + 1)));
        c.set(PipelineOptions.JARS, Stream.of(KafkaDynamicTableFactory.class, KafkaConsumer.class, RegistryAvroFormatFactory.class)
                .map(SqlClient::jarOf).distinct().toList());
        return c;
    }

    private static String jarOf(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI().toURL().toString();
        } catch (java.net.URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot locate the jar of " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    private int interactive(SqlSession session) throws IOException {
        boolean terminal = System.console() != null;
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        int failures = 0;
        while (true) {
            if (terminal) {
                out.print(pending.isEmpty() ? "yalas> " : "    -> ");
                out.flush();
            }
            String line = lines.readLine();
            if (line == null) {
                return failures == 0 ? 0 : 1;
            }
            pending.append(line).append('\n');
            if (!Statements.complete(pending.toString())) {
                continue;
            }
            for (String statement : Statements.split(pending.toString())) {
                if (statement.equalsIgnoreCase("quit") || statement.equalsIgnoreCase("exit")) {
                    return failures == 0 ? 0 : 1;
                }
                if (!session.run(statement)) {
                    failures++;
                }
            }
            pending.setLength(0);
        }
    }
}
