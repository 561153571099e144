package io.yalas.cli;

import io.yalas.schemas.ClientSettings;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.OAuthTokenIssuer;
import io.yalas.stack.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster and a schema registry behind one OAuth identity provider, as Confluent Cloud with identity pools or a
 * Kafka secured by Keycloak is: the broker takes only SASL/OAUTHBEARER connections whose tokens its JWKS verifies,
 * the registry only bearer tokens the provider issued, for its logical cluster. Every client takes Kafka's
 * sasl.oauthbearer.* and Confluent's bearer.auth.* settings from the client file (the shipper from its own) and gets
 * its own tokens for the client id and secret, the Flink job's readers and writers included.
 */
class OAuthClusterTest {
    private static final String SECRET = "cli-s3cret";
    private static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    private static final String LOGIN = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required "
            + "clientId=\"yalas-cli\" clientSecret=\"%s\";";
    private static final String LOGIN_HANDLER = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginCallbackHandler";

    @TempDir
    static Path dir;
    static String allowedBefore;
    static OAuthTokenIssuer issuer;
    static EmbeddedKafka broker;
    static ClusterWithRegistry cluster;

    @BeforeAll
    static void start() throws Exception {
        issuer = OAuthTokenIssuer.start("yalas-cli", SECRET, Duration.ofMinutes(10));
        // The broker runs in this JVM: its own token and key URLs are allowed here, the clients' are not, so the
        // commands below work only if YALAS allows the endpoints their settings name.
        allowedBefore = System.getProperty(ALLOWED_URLS);
        System.setProperty(ALLOWED_URLS, issuer.url() + "/broker," + issuer.jwksUrl());
        broker = ClusterWithRegistry.broker(dir.resolve("kafka"), "SASL_PLAINTEXT", Map.of(
                "sasl.enabled.mechanisms", "OAUTHBEARER",
                "sasl.mechanism.inter.broker.protocol", "OAUTHBEARER",
                "sasl.oauthbearer.jwks.endpoint.url", issuer.jwksUrl(),
                "sasl.oauthbearer.token.endpoint.url", issuer.url() + "/broker",
                "listener.name.sasl_plaintext.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
                "listener.name.sasl_plaintext.oauthbearer.sasl.login.callback.handler.class", LOGIN_HANDLER,
                "listener.name.sasl_plaintext.oauthbearer.sasl.jaas.config", LOGIN.formatted(SECRET)));
        cluster = ClusterWithRegistry.around(broker, ClientSettings.read(clientFile("registry-log.properties", "")).kafka(Optional.empty()),
                new SchemaRegistryServer.Authentication.Bearer(issuer::accepts, Optional.of("lsrc-yalas")), Optional.empty());
    }

    @AfterAll
    static void stop() {
        ClusterWithRegistry.stop(cluster, broker);
        if (issuer != null) {
            issuer.close();
        }
        if (allowedBefore == null) {
            System.clearProperty(ALLOWED_URLS);
        } else {
            System.setProperty(ALLOWED_URLS, allowedBefore);
        }
    }

    /** Kafka's OAuth client settings, the registry's address once it runs, and {@code registry} settings. */
    private static Path clientFile(String name, String registry) throws Exception {
        return Files.writeString(dir.resolve(name), String.join("\n",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=OAUTHBEARER",
                "sasl.login.callback.handler.class=" + LOGIN_HANDLER,
                "sasl.oauthbearer.token.endpoint.url=" + issuer.url(),
                "sasl.jaas.config=" + LOGIN.formatted(SECRET).replace("\\", "\\\\"))
                + (cluster == null ? "" : "\nschema.registry.url=" + cluster.registryUrl()) + "\n" + registry);
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
        assertTrue(status.out().contains("schema registry " + cluster.registryUrl() + " (OAuth client yalas-cli via " + issuer.url() + ")")
                && status.out().contains("disabled: debugger"), status.out());
        assertFalse(status.out().contains(SECRET), status.out());

        int before = issuer.issued();
        // The shipper replay and the learn job's readers and writers each fetch tokens where they run.
        var learned = run("learn", "--kafka-config", file.toString(), "--data-dir", dir.resolve("learn-data").toString(),
                "--capture", LearnCommandTest.CAPTURE.toString(), "--run-id", "suite-oauth");
        assertEquals(0, learned.exit(), learned.err() + learned.out());
        assertTrue(issuer.issued() > before, "tokens were fetched for the replay and the job");
        // The SQL client, a JVM of its own, allows the same endpoint there; Flink's format fetches its own registry tokens.
        var sql = run("sql", "--kafka-config", file.toString(), "-e", "SELECT COUNT(*) AS stored FROM behavior_models");
        assertEquals(0, sql.exit(), sql.err() + sql.out());
        assertTrue(sql.out().matches("(?s).*stored\\n[1-9]\\d*\\n.*"), sql.out());
    }

    @Test
    void theShipperTakesTheSameSettingsFromItsOwnConfig() throws Exception {
        Path conf = Files.writeString(dir.resolve("shipper.conf"), String.join("\n",
                "bootstrap_servers = " + broker.bootstrapServers(),
                "kafka.security.protocol = SASL_PLAINTEXT",
                "kafka.sasl.mechanism = OAUTHBEARER",
                "kafka.sasl.login.callback.handler.class = " + LOGIN_HANDLER,
                // A URL of its own: the shipper must allow it itself.
                "kafka.sasl.oauthbearer.token.endpoint.url = " + issuer.url() + "/shipper",
                "kafka.sasl.jaas.config = " + LOGIN.formatted(SECRET),
                "schema_registry = " + cluster.registryUrl(),
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
