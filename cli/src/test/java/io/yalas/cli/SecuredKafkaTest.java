package io.yalas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yalas.schemas.ClientSettings;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.Topics;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every YALAS client on a cluster that takes only authenticated connections (SASL/PLAIN) with a schema registry
 * behind basic authentication, as a managed service is: the commands, the shipper replay, both Flink jobs with
 * their exactly-once sink, and SQL.
 */
class SecuredKafkaTest {
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";";

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static ClusterWithRegistry cluster;
    static String registryUrl;
    static Path clientConfig;

    @BeforeAll
    static void start() throws Exception {
        broker = ClusterWithRegistry.broker(dir.resolve("kafka"), "SASL_PLAINTEXT", Map.of(
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"broker-secret\" "
                        + "user_broker=\"broker-secret\" user_yalas=\"yalas-secret\";"));
        clientConfig = settings("client.properties", "yalas-secret");
        // The registry keeps its schemas in the secured cluster too.
        cluster = ClusterWithRegistry.around(broker, ClientSettings.read(clientConfig).kafka(Optional.of(broker.bootstrapServers())),
                new SchemaRegistryServer.Authentication.Basic("sr-key:sr-secret"), Optional.empty());
        registryUrl = cluster.registryUrl().replace("://", "://sr-key:sr-secret@");
    }

    @AfterAll
    static void stop() {
        ClusterWithRegistry.stop(cluster, broker);
    }

    private static Path settings(String name, String password) throws Exception {
        return Files.writeString(dir.resolve(name), "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\nsasl.jaas.config="
                + JAAS.formatted("yalas", password).replace("\\", "\\\\") + "\n");
    }

    private static String[] secured(Path config, String command, String... rest) {
        return YalasCommandTest.on(new String[] {"--bootstrap-servers", broker.bootstrapServers(), "--kafka-config", config.toString(),
                "--schema-registry", registryUrl}, command, rest);
    }

    @Test
    void theWholePipelineRunsOnASecuredCluster(@TempDir Path corpus, @TempDir Path data) throws Exception {
        DemoCommandTest.subset(corpus, Set.of("webapp-learn", "webapp-prod-a", "webapp-cmdinj-shadow"));
        var demo = run(secured(clientConfig, "demo", "--corpus", corpus.toString(), "--data-dir", data.toString()));
        assertEquals(0, demo.exit(), demo.err() + demo.out());
        List<String> lines = demo.out().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(1, summary.get("attacks_detected").asInt(), demo.out());
        assertEquals(0, summary.get("false_alarms").asInt(), demo.out());
        assertTrue(summary.get("kafka_bytes").asLong() > 0, demo.out());
        assertFalse(demo.out().contains("sr-secret"), "the registry password is not shown: " + demo.out());

        var alerts = run(secured(clientConfig, "alerts", "--detector", "rule:credential-access"));
        assertEquals(0, alerts.exit(), alerts.err());
        assertTrue(alerts.out().contains("rule:credential-access"), alerts.out());

        var sql = run(secured(clientConfig, "sql", "-e", "SELECT profile, state FROM behavior_models WHERE state = 'ENFORCING'"));
        assertEquals(0, sql.exit(), sql.err() + sql.out());
        assertTrue(sql.out().contains("ENFORCING"), "the promoted models, read through the secured cluster: " + sql.out());
    }

    @Test
    void oneClientFileAsConfluentCloudHandsItOutIsEnoughAndItsSecretsStayOffCommandLines() throws Exception {
        Path file = Files.writeString(dir.resolve("confluent.properties"), Files.readString(clientConfig)
                + "bootstrap.servers=" + broker.bootstrapServers() + "\nsession.timeout.ms=45000\nacks=all\n"
                + "schema.registry.url=" + cluster.registryUrl() + "\n"
                + "basic.auth.credentials.source=USER_INFO\nbasic.auth.user.info=sr-key:sr-secret\n");
        Path rules = Files.writeString(dir.resolve("rules.txt"), "disable debugger\n");
        // Writing the exceptions registers their schema, and showing them reads it back: both through the file's credentials.
        var set = run("exceptions", "--kafka-config", file.toString(), "set", rules.toString());
        assertEquals(0, set.exit(), set.err() + set.out());
        assertTrue(set.err().contains("not applied, as each YALAS client sets its own: acks, session.timeout.ms"), set.err());
        var show = run("exceptions", "--kafka-config", file.toString(), "show");
        assertEquals(0, show.exit(), show.err() + show.out());
        assertTrue(show.out().contains("disabled: debugger"), show.out());

        var ddl = run("sql", "--kafka-config", file.toString(), "--ddl");
        assertEquals(0, ddl.exit(), ddl.err() + ddl.out());
        assertTrue(ddl.out().contains("'avro-confluent.basic-auth.user-info' = 'sr-key:sr-secret'")
                && ddl.out().contains("'properties.sasl.mechanism' = 'PLAIN'"), "the SQL client got the file's settings: " + ddl.out());

        CommandLine cli = new CommandLine(new SqlCommand());
        cli.parseArgs("--kafka-config", file.toString(), "--schema-registry", registryUrl, "-e", "SELECT 1");
        List<String> arguments = ((SqlCommand) cli.getCommand()).clientArguments(broker.bootstrapServers());
        assertFalse(String.join(" ", arguments).contains("secret"), "the SQL client's command line: " + arguments);
    }

    @Test
    void aWrongPasswordIsReportedAsSuch() throws Exception {
        var status = run(secured(settings("wrong.properties", "guess"), "status"));
        assertEquals(1, status.exit(), status.out() + status.err());
        assertTrue(status.err().contains("Authentication failed"), status.err());
        assertFalse(status.err().contains("guess"), "the password stays out of the message: " + status.err());
    }

    @Test
    void withoutItsSettingsTheClusterDoesNotAnswerAndTheErrorSaysWhatIsMissing() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Topics.ensure(KafkaConnection.plain(broker.bootstrapServers()), Duration.ofSeconds(3)));
        assertTrue(e.getMessage().contains("did not answer") && e.getMessage().contains("--kafka-config"), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingStarts() throws Exception {
        var typo = run(secured(Files.writeString(dir.resolve("typo.properties"), "sasl.jass.config=x\n"), "status"));
        assertEquals(2, typo.exit(), typo.out() + typo.err());
        assertTrue(typo.err().contains("'sasl.jass.config' is not a Kafka or schema registry client setting"), typo.err());

        var embedded = run("status", "--data-dir", dir.resolve("unused").toString(), "--kafka-config", clientConfig.toString());
        assertEquals(2, embedded.exit(), embedded.out() + embedded.err());
        assertTrue(embedded.err().contains("has no bootstrap.servers and no --bootstrap-servers is given"), embedded.err());
    }
}
