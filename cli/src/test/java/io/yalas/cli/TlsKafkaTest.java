package io.yalas.cli;

import io.yalas.schemas.ClientSettings;
import io.yalas.stack.kafka.EmbeddedKafka;
import io.yalas.stack.registry.SchemaRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands on a cluster that takes only TLS connections and a schema registry on https that asks for a client
 * certificate, both with certificates from a private authority, as most self-run production clusters have: the
 * client file's trust and key stores are what make the handshakes succeed, for the commands, the Flink jobs and SQL.
 */
class TlsKafkaTest {
    private static final String TRUST_PASSWORD = "trust-pass";
    private static final String CLIENT_KEY_PASSWORD = "client-key-pass";

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static ClusterWithRegistry cluster;
    static Path truststore;
    static Path clientKeystore;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        truststore = dir.resolve("truststore.p12");
        clientKeystore = dir.resolve("client.p12");
        Path registryClients = dir.resolve("registry-clients.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "broker-pass");
        trust(keystore, "broker-pass", "broker", truststore, TRUST_PASSWORD);
        keytool("-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=yalas-client",
                "-storetype", "PKCS12", "-keystore", clientKeystore.toString(), "-storepass", CLIENT_KEY_PASSWORD);
        trust(clientKeystore, CLIENT_KEY_PASSWORD, "client", registryClients, "clients-pass");

        broker = ClusterWithRegistry.broker(dir.resolve("kafka"), "SSL", Map.of(
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", "broker-pass",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", TRUST_PASSWORD));
        cluster = ClusterWithRegistry.around(broker, ClientSettings.read(kafkaFile("trusting.properties", true)).kafka(Optional.empty()),
                new SchemaRegistryServer.Authentication.None(), Optional.of(new SchemaRegistryServer.Tls(
                        serverContext(keystore, "broker-pass", registryClients, "clients-pass"), true)));
    }

    @AfterAll
    static void stop() {
        ClusterWithRegistry.stop(cluster, broker);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + ": " + output);
        }
    }

    /** Puts the certificate of {@code alias} in {@code keystore} into the trust store {@code into}. */
    private static void trust(Path keystore, String password, String alias, Path into, String intoPassword) throws Exception {
        Path certificate = dir.resolve(alias + ".crt");
        keytool("-exportcert", "-alias", alias, "-rfc", "-file", certificate.toString(), "-keystore", keystore.toString(), "-storepass", password);
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", into.toString(), "-storepass", intoPassword);
    }

    private static SSLContext serverContext(Path keystore, String keyPassword, Path clients, String clientsPassword) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(keystore, keyPassword), keyPassword.toCharArray());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(load(clients, clientsPassword));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static Path kafkaFile(String name, boolean withTrustStore) throws IOException {
        return Files.writeString(dir.resolve(name), kafkaSettings(withTrustStore));
    }

    private static String kafkaSettings(boolean withTrustStore) {
        return "bootstrap.servers=" + broker.bootstrapServers() + "\nsecurity.protocol=SSL\n"
                + (withTrustStore ? "ssl.truststore.type=PKCS12\nssl.truststore.location=" + truststore + "\nssl.truststore.password="
                + TRUST_PASSWORD + "\n" : "");
    }

    /** The whole client file: the cluster, and the registry with the stores its settings name. */
    private static Path clientFile(String name, String registryStores) throws IOException {
        return Files.writeString(dir.resolve(name), kafkaSettings(true) + "schema.registry.url=" + cluster.registryUrl() + "\n" + registryStores);
    }

    private static final String REGISTRY_TRUST = "schema.registry.ssl.truststore.type=PKCS12\nschema.registry.ssl.truststore.location="
            + "%s\nschema.registry.ssl.truststore.password=" + TRUST_PASSWORD + "\n";
    private static final String REGISTRY_KEY = "schema.registry.ssl.keystore.type=PKCS12\nschema.registry.ssl.keystore.location="
            + "%s\nschema.registry.ssl.keystore.password=" + CLIENT_KEY_PASSWORD + "\nschema.registry.ssl.endpoint.identification.algorithm=https\n";

    private static Path fullClientFile(String name) throws IOException {
        return clientFile(name, REGISTRY_TRUST.formatted(truststore) + REGISTRY_KEY.formatted(clientKeystore));
    }

    @Test
    void theCommandsWorkOverTlsWithTheFilesStores() throws Exception {
        Path file = fullClientFile("client.properties");
        Path rules = Files.writeString(dir.resolve("rules.txt"), "disable debugger\n");
        var set = run("exceptions", "--kafka-config", file.toString(), "set", rules.toString());
        assertEquals(0, set.exit(), set.err() + set.out());
        var status = run("status", "--kafka-config", file.toString());
        assertEquals(0, status.exit(), status.err() + status.out());
        assertTrue(status.out().contains("rule exceptions: rule exceptions from " + rules) && status.out().contains("disabled: debugger"),
                status.out());
        assertTrue(status.out().contains("schema registry " + cluster.registryUrl() + " (TLS: trust store " + truststore), status.out());
        assertFalse(status.out().contains(TRUST_PASSWORD) || status.out().contains(CLIENT_KEY_PASSWORD), status.out());
    }

    @Test
    void aFlinkJobAndSqlReachTheRegistryThroughTheSameStores() throws Exception {
        // The authority's certificate as a PEM file, the other form of trust store Kafka's and Confluent's clients take.
        Path file = clientFile("jobs.properties", "schema.registry.ssl.truststore.type=PEM\nschema.registry.ssl.truststore.location="
                + dir.resolve("broker.crt") + "\n" + REGISTRY_KEY.formatted(clientKeystore));
        Path data = dir.resolve("jobs-data");
        // The learn job's readers get the registry settings in the job graph and open the stores in the task managers.
        var learned = run("learn", "--kafka-config", file.toString(), "--data-dir", data.toString(),
                "--capture", LearnCommandTest.CAPTURE.toString(), "--run-id", "suite-tls");
        assertEquals(0, learned.exit(), learned.err() + learned.out());
        // Flink's own avro-confluent format, in the SQL client's JVM, takes them as its ssl options.
        var sql = run("sql", "--kafka-config", file.toString(), "-e", "SELECT COUNT(*) AS stored FROM behavior_models");
        assertEquals(0, sql.exit(), sql.err() + sql.out());
        assertTrue(sql.out().matches("(?s).*stored\\n[1-9]\\d*\\n.*"), sql.out());
    }

    @Test
    void theShipperTakesTheSameStoresFromItsOwnConfig() throws Exception {
        String stores = String.join("\n",
                "schema_registry.ssl.truststore.type = PKCS12",
                "schema_registry.ssl.truststore.location = " + truststore,
                "schema_registry.ssl.truststore.password = " + TRUST_PASSWORD,
                "schema_registry.ssl.keystore.type = PKCS12",
                "schema_registry.ssl.keystore.location = " + clientKeystore,
                "schema_registry.ssl.keystore.password = " + CLIENT_KEY_PASSWORD);
        Path conf = Files.writeString(dir.resolve("shipper.conf"), String.join("\n",
                "bootstrap_servers = " + broker.bootstrapServers(),
                "kafka.security.protocol = SSL",
                "kafka.ssl.truststore.type = PKCS12",
                "kafka.ssl.truststore.location = " + truststore,
                "kafka.ssl.truststore.password = " + TRUST_PASSWORD,
                "schema_registry = " + cluster.registryUrl(),
                stores,
                "spool.dir = " + dir.resolve("ship-spool"),
                "metrics.listen = off",
                "run_id = tls-ship") + "\n");
        var shipped = run("ship", "--capture", LearnCommandTest.CAPTURE.toString(), "--config", conf.toString());
        assertEquals(0, shipped.exit(), shipped.err() + shipped.out());
        assertTrue(shipped.err().matches("(?s).*shipped: records=\\d+ record_bytes=\\d+ events=[1-9]\\d* kafka_bytes=[1-9].*"), shipped.err());

        Path wrongStore = Files.writeString(dir.resolve("shipper-wrong.conf"),
                Files.readString(conf).replace(TRUST_PASSWORD + "\nschema_registry.ssl.keystore", "guess\nschema_registry.ssl.keystore"));
        var refused = run("ship", "--capture", LearnCommandTest.CAPTURE.toString(), "--config", wrongStore.toString());
        assertEquals(2, refused.exit(), refused.err() + refused.out());
        assertTrue(refused.err().contains("cannot read schema registry trust store " + truststore) && !refused.err().contains("guess"),
                refused.err());
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFailureIsNamed() throws Exception {
        var status = run("status", "--kafka-config", kafkaFile("untrusting.properties", false).toString(), "--schema-registry", cluster.registryUrl());
        assertEquals(1, status.exit(), status.out() + status.err());
        assertTrue(status.err().contains("SSL handshake failed"), status.err());

        // Writing rule exceptions registers their schema: the registry is always asked.
        Path rules = Files.writeString(dir.resolve("untrusted-rules.txt"), "disable debugger\n");
        var registryUntrusted = run("exceptions", "--kafka-config", clientFile("registry-untrusted.properties", "").toString(), "set",
                rules.toString());
        assertEquals(1, registryUntrusted.exit(), registryUntrusted.out() + registryUntrusted.err());
        assertTrue(registryUntrusted.err().contains("TLS handshake failed")
                && registryUntrusted.err().contains("schema.registry.ssl.truststore.location"), registryUntrusted.err());

        var noClientCertificate = run("exceptions", "--kafka-config",
                clientFile("registry-anonymous.properties", REGISTRY_TRUST.formatted(truststore)).toString(), "set", rules.toString());
        assertEquals(1, noClientCertificate.exit(), noClientCertificate.out() + noClientCertificate.err());
        assertTrue(noClientCertificate.err().contains("schema registry at " + cluster.registryUrl())
                && noClientCertificate.err().contains("schema.registry.ssl.keystore.location"), noClientCertificate.err());
    }

    @Test
    void unreadableStoresAreRefusedBeforeAnythingStarts() throws Exception {
        var wrongPassword = run("status", "--kafka-config", clientFile("wrong-password.properties",
                REGISTRY_TRUST.formatted(truststore).replace(TRUST_PASSWORD, "guess")).toString());
        assertEquals(2, wrongPassword.exit(), wrongPassword.out() + wrongPassword.err());
        assertTrue(wrongPassword.err().contains("cannot read schema registry trust store " + truststore)
                && !wrongPassword.err().contains("guess"), wrongPassword.err());

        var missing = run("status", "--kafka-config", clientFile("missing-store.properties",
                REGISTRY_TRUST.formatted(dir.resolve("none.p12"))).toString());
        assertEquals(2, missing.exit(), missing.out() + missing.err());
        assertTrue(missing.err().contains("none.p12 (schema.registry.ssl.truststore.location) does not exist"), missing.err());

        var plainHttp = run("status", "--kafka-config", clientFile("http.properties", REGISTRY_TRUST.formatted(truststore)).toString(),
                "--schema-registry", cluster.registryUrl().replace("https:", "http:"));
        assertEquals(2, plainHttp.exit(), plainHttp.out() + plainHttp.err());
        assertTrue(plainHttp.err().contains("is not https"), plainHttp.err());

        var noHostCheck = run("status", "--kafka-config", clientFile("no-host-check.properties",
                "schema.registry.ssl.endpoint.identification.algorithm=\n").toString());
        assertEquals(2, noHostCheck.exit(), noHostCheck.out() + noHostCheck.err());
        assertTrue(noHostCheck.err().contains("host name is always checked"), noHostCheck.err());
    }
}
