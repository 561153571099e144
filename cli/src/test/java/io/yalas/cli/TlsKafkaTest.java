package io.yalas.cli;

import io.yalas.schemas.ClientSettings;
import io.yalas.stack.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commands on a cluster that takes only TLS connections, with a certificate from a private authority, as
 * most self-run production clusters have: the client file's trust store is what makes the handshake succeed.
 */
class TlsKafkaTest {
    private static final String TRUST_PASSWORD = "trust-pass";

    @TempDir
    static Path dir;
    static EmbeddedKafka broker;
    static ClusterWithRegistry cluster;
    static Path truststore;

    @BeforeAll
    static void start() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "broker-pass");
        keytool("-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(), "-keystore", keystore.toString(),
                "-storepass", "broker-pass");
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", TRUST_PASSWORD);

        broker = ClusterWithRegistry.broker(dir.resolve("kafka"), "SSL", Map.of(
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", keystore.toString(),
                "ssl.keystore.password", "broker-pass",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", truststore.toString(),
                "ssl.truststore.password", TRUST_PASSWORD));
        cluster = ClusterWithRegistry.around(broker, ClientSettings.read(clientFile("trusting.properties", true)).kafka(Optional.empty()),
                Optional.empty());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        } else if (broker != null) {
            broker.close();
        }
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

    private static Path clientFile(String name, boolean withTrustStore) throws IOException {
        return Files.writeString(dir.resolve(name), "bootstrap.servers=" + broker.bootstrapServers() + "\nsecurity.protocol=SSL\n"
                + (withTrustStore ? "ssl.truststore.type=PKCS12\nssl.truststore.location=" + truststore + "\nssl.truststore.password="
                + TRUST_PASSWORD + "\n" : ""));
    }

    @Test
    void theCommandsWorkOverTlsWithTheFilesTrustStore() throws Exception {
        Path file = clientFile("client.properties", true);
        Path rules = Files.writeString(dir.resolve("rules.txt"), "disable debugger\n");
        var set = run("exceptions", "--kafka-config", file.toString(), "--schema-registry", cluster.registryUrl(), "set", rules.toString());
        assertEquals(0, set.exit(), set.err() + set.out());
        var status = run("status", "--kafka-config", file.toString(), "--schema-registry", cluster.registryUrl());
        assertEquals(0, status.exit(), status.err() + status.out());
        assertTrue(status.out().contains("rule exceptions: rule exceptions from " + rules) && status.out().contains("disabled: debugger"),
                status.out());
        assertFalse(status.out().contains(TRUST_PASSWORD), status.out());
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFailureIsNamed() throws Exception {
        var status = run("status", "--kafka-config", clientFile("untrusting.properties", false).toString(), "--schema-registry", cluster.registryUrl());
        assertEquals(1, status.exit(), status.out() + status.err());
        assertTrue(status.err().contains("SSL handshake failed"), status.err());
    }
}
