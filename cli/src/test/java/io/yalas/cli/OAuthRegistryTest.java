package io.yalas.cli;

import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import io.yalas.stack.registry.KafkaSchemaLog;
import io.yalas.stack.registry.OAuthTokenIssuer;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A schema registry behind OAuth, as Confluent Platform with an identity provider and Confluent Cloud's are: every
 * client takes Confluent's bearer.auth.* settings from the client file (the shipper from its own) and gets its own
 * tokens for the client id and secret, the Flink job's task managers included.
 */
class OAuthRegistryTest {
    private static final String SECRET = "cli-s3cret";

    @TempDir
    static Path dir;
    static YalasStack stack;
    static OAuthTokenIssuer issuer;
    static KafkaSchemaLog schemaLog;
    static SchemaRegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        stack = YalasStack.start(StackConfig.temporary().withoutFlink());
        issuer = OAuthTokenIssuer.start("yalas-cli", SECRET, Duration.ofMinutes(10));
        schemaLog = new KafkaSchemaLog(stack.kafka(), KafkaSchemaLog.DEFAULT_TOPIC);
        registry = SchemaRegistryServer.start(new SchemaRegistry(schemaLog.readAll(), schemaLog::append), "127.0.0.1", 0,
                new SchemaRegistryServer.Authentication.Bearer(issuer::accepts, Optional.of("lsrc-yalas")), Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (schemaLog != null) {
            schemaLog.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    private static Path clientFile(String name, String bearer) throws Exception {
        return Files.writeString(dir.resolve(name), "bootstrap.servers=" + stack.bootstrapServers() + "\nschema.registry.url=" + registry.url()
                + "\n" + bearer);
    }

    private static String oauth(String secret) {
        return String.join("\n", "bearer.auth.credentials.source=OAUTHBEARER", "bearer.auth.issuer.endpoint.url=" + issuer.url(),
                "bearer.auth.client.id=yalas-cli", "bearer.auth.client.secret=" + secret, "bearer.auth.logical.cluster=lsrc-yalas") + "\n";
    }

    @Test
    void theCommandsAndAFlinkJobGetTheirOwnTokens() throws Exception {
        Path file = clientFile("client.properties", oauth(SECRET));
        Path rules = Files.writeString(dir.resolve("rules.txt"), "disable debugger\n");
        var set = run("exceptions", "--kafka-config", file.toString(), "set", rules.toString());
        assertEquals(0, set.exit(), set.err() + set.out());
        var status = run("status", "--kafka-config", file.toString());
        assertEquals(0, status.exit(), status.err() + status.out());
        assertTrue(status.out().contains("schema registry " + registry.url() + " (OAuth client yalas-cli via " + issuer.url() + ")")
                && status.out().contains("disabled: debugger"), status.out());
        assertFalse(status.out().contains(SECRET), status.out());

        int before = issuer.issued();
        // The shipper replay and the learn job's readers and writers each fetch tokens where they run.
        var learned = run("learn", "--kafka-config", file.toString(), "--data-dir", dir.resolve("learn-data").toString(),
                "--capture", LearnCommandTest.CAPTURE.toString(), "--run-id", "suite-oauth");
        assertEquals(0, learned.exit(), learned.err() + learned.out());
        assertTrue(issuer.issued() > before, "tokens were fetched for the replay and the job");
    }

    @Test
    void theShipperTakesTheSameSettingsFromItsOwnConfig() throws Exception {
        Path conf = Files.writeString(dir.resolve("shipper.conf"), String.join("\n",
                "bootstrap_servers = " + stack.bootstrapServers(),
                "schema_registry = " + registry.url(),
                "schema_registry.bearer.auth.credentials.source = OAUTHBEARER",
                "schema_registry.bearer.auth.issuer.endpoint.url = " + issuer.url(),
                "schema_registry.bearer.auth.client.id = yalas-cli",
                "schema_registry.bearer.auth.client.secret = " + SECRET,
                "schema_registry.bearer.auth.logical.cluster = lsrc-yalas",
                "spool.dir = " + dir.resolve("ship-spool"),
                "metrics.listen = off",
                "run_id = oauth-ship") + "\n");
        var shipped = run("ship", "--capture", LearnCommandTest.CAPTURE.toString(), "--config", conf.toString());
        assertEquals(0, shipped.exit(), shipped.err() + shipped.out());
        assertTrue(shipped.err().matches("(?s).*shipped: records=\\d+ record_bytes=\\d+ events=[1-9]\\d* kafka_bytes=[1-9].*"), shipped.err());

        Path incomplete = Files.writeString(dir.resolve("shipper-incomplete.conf"),
                Files.readString(conf).replace("schema_registry.bearer.auth.client.secret = " + SECRET + "\n", ""));
        var refused = run("ship", "--capture", LearnCommandTest.CAPTURE.toString(), "--config", incomplete.toString());
        assertEquals(2, refused.exit(), refused.err() + refused.out());
        assertTrue(refused.err().contains("OAUTHBEARER needs bearer.auth.client.secret"), refused.err());
    }

    @Test
    void eachFailureNamesTheSettingToCheckWithoutItsSecret() throws Exception {
        Path rules = Files.writeString(dir.resolve("failure-rules.txt"), "disable debugger\n");
        var wrongSecret = run("exceptions", "--kafka-config", clientFile("wrong-secret.properties", oauth("guess")).toString(),
                "set", rules.toString());
        assertEquals(1, wrongSecret.exit(), wrongSecret.out() + wrongSecret.err());
        assertTrue(wrongSecret.err().contains("refused client yalas-cli") && wrongSecret.err().contains("bearer.auth.client.secret")
                && !wrongSecret.err().contains("guess"), wrongSecret.err());

        var wrongToken = run("exceptions", "--kafka-config", clientFile("static.properties",
                "bearer.auth.credentials.source=STATIC_TOKEN\nbearer.auth.token=guessed-token\n").toString(), "set", rules.toString());
        assertEquals(1, wrongToken.exit(), wrongToken.out() + wrongToken.err());
        assertTrue(wrongToken.err().contains("refused the bearer token given (bearer.auth.token)")
                && !wrongToken.err().contains("guessed-token"), wrongToken.err());

        var incomplete = run("status", "--kafka-config", clientFile("incomplete.properties",
                "bearer.auth.credentials.source=OAUTHBEARER\nbearer.auth.client.id=yalas-cli\n").toString());
        assertEquals(2, incomplete.exit(), incomplete.out() + incomplete.err());
        assertTrue(incomplete.err().contains("OAUTHBEARER needs bearer.auth.client.secret"), incomplete.err());
    }
}
