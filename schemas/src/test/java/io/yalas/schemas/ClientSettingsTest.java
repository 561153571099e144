package io.yalas.schemas;

import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.RegistryUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientSettingsTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username='KAFKAKEY' password='kafka-s3cret';";

    @TempDir
    Path dir;

    /** Confluent Cloud's "Java client" configuration, as the console offers it for download. */
    private Path confluentCloudFile() throws Exception {
        return Files.writeString(dir.resolve("client.properties"), """
                # Required connection configs for Kafka producer, consumer, and admin
                bootstrap.servers=pkc-abc12.europe-west3.gcp.confluent.cloud:9092
                security.protocol=SASL_SSL
                sasl.jaas.config=%s
                sasl.mechanism=PLAIN
                # Required for correctness in Apache Kafka clients prior to 2.6
                client.dns.lookup=use_all_dns_ips
                # Best practice for higher availability in Apache Kafka clients prior to 3.0
                session.timeout.ms=45000
                # Best practice for Kafka producer to prevent data loss
                acks=all
                # Required connection configs for Confluent Cloud Schema Registry
                schema.registry.url=https://psrc-xyz98.europe-west3.gcp.confluent.cloud
                basic.auth.credentials.source=USER_INFO
                basic.auth.user.info=SRKEY:sr/s3cret+x
                """.formatted(JAAS));
    }

    @Test
    void aConfluentCloudClientFileGivesTheClusterAndTheRegistryWithItsCredentials() throws Exception {
        ClientSettings settings = ClientSettings.read(confluentCloudFile());

        KafkaConnection kafka = settings.kafka(Optional.empty());
        assertEquals("pkc-abc12.europe-west3.gcp.confluent.cloud:9092", kafka.bootstrapServers());
        assertEquals(Set.of("security.protocol", "sasl.jaas.config", "sasl.mechanism", "client.dns.lookup"), kafka.settings().keySet());
        assertEquals(Set.of("acks", "session.timeout.ms"), settings.ignored(), "client tuning is left to each YALAS client, and said so");

        RegistryUrl registry = settings.registry(Optional.empty()).orElseThrow().address();
        assertEquals("https://psrc-xyz98.europe-west3.gcp.confluent.cloud", registry.base().toString());
        assertEquals(Optional.of("SRKEY:sr/s3cret+x"), registry.userInfo());
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        assertFalse(registry.toString().contains("s3cret"), registry.toString());
    }

    @Test
    void flagsTakePrecedenceAndTheFilesCredentialsFollowTheRegistryTheFlagNames() throws Exception {
        ClientSettings settings = ClientSettings.read(confluentCloudFile());
        assertEquals("other:9092", settings.kafka(Optional.of("other:9092")).bootstrapServers());
        RegistryUrl registry = settings.registry(Optional.of("https://proxy.internal:8443")).orElseThrow().address();
        assertEquals("https://proxy.internal:8443", registry.base().toString());
        assertEquals(Optional.of("SRKEY:sr/s3cret+x"), registry.userInfo());
        assertEquals(Optional.of("https://SRKEY:sr%2Fs3cret%2Bx@registry"), settings.registry(Optional.of("https://SRKEY:sr%2Fs3cret%2Bx@registry"))
                .map(RegistryConnection::url), "the same credentials twice are no conflict");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings.registry(Optional.of("https://OTHER:pw@registry")));
        assertTrue(e.getMessage().contains("given twice") && !e.getMessage().contains("pw") && !e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aFileWithConnectionSettingsOnlyNeedsTheFlags() throws Exception {
        ClientSettings settings = ClientSettings.read(Files.writeString(dir.resolve("sasl.properties"),
                "security.protocol = SASL_PLAINTEXT\nsasl.mechanism = PLAIN\nsasl.jaas.config = " + JAAS + "\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings.kafka(Optional.empty()));
        assertTrue(e.getMessage().contains("no bootstrap.servers") && e.getMessage().contains("--bootstrap-servers"), e.getMessage());
        assertEquals("SASL_PLAINTEXT", settings.kafka(Optional.of("b:9092")).settings().get("security.protocol"));
        assertEquals(Optional.empty(), settings.registry(Optional.empty()));
        assertEquals(Optional.of(RegistryConnection.plain("http://registry:8081")), settings.registry(Optional.of("http://registry:8081")));
    }

    @Test
    void aRegistryBehindAPrivateAuthorityTakesItsStoresFromTheFile() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        Path trust = dir.resolve("registry-ca.p12");
        try (OutputStream out = Files.newOutputStream(trust)) {
            empty.store(out, "trust-pass".toCharArray());
        }
        ClientSettings settings = ClientSettings.read(Files.writeString(dir.resolve("on-prem.properties"), """
                bootstrap.servers=kafka-1.internal:9093
                schema.registry.url=https://registry.internal:8443
                schema.registry.ssl.truststore.location=%s
                schema.registry.ssl.truststore.password=trust-pass
                schema.registry.ssl.endpoint.identification.algorithm=https
                """.formatted(trust)));
        RegistryConnection registry = settings.registry(Optional.empty()).orElseThrow();
        assertEquals("https://registry.internal:8443", registry.url());
        assertEquals(Map.of("ssl.truststore.location", trust.toString(), "ssl.truststore.password", "trust-pass"), registry.tls());
        assertEquals(registry.tls(), settings.registry(Optional.of("https://other:8443")).orElseThrow().tls(),
                "the file's stores follow the registry the flag names");

        Path unreadable = Files.writeString(dir.resolve("unreadable.properties"),
                "schema.registry.url=https://registry.internal:8443\nschema.registry.ssl.truststore.location=" + trust
                        + "\nschema.registry.ssl.truststore.password=guess\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClientSettings.read(unreadable).registry(Optional.empty()));
        assertTrue(e.getMessage().startsWith(unreadable + ": cannot read schema registry trust store " + trust)
                && !e.getMessage().contains("guess"), e.getMessage());

        ClientSettings storesOnly = ClientSettings.read(Files.writeString(dir.resolve("stores-only.properties"),
                "schema.registry.ssl.truststore.location=" + trust + "\n"));
        e = assertThrows(IllegalArgumentException.class, () -> storesOnly.registry(Optional.empty()));
        assertTrue(e.getMessage().contains("has schema registry ssl.truststore.location but names no schema registry"), e.getMessage());
    }

    @Test
    void bearerSettingsComeWithOrWithoutTheRegistryPrefix() throws Exception {
        ClientSettings settings = ClientSettings.read(Files.writeString(dir.resolve("oauth.properties"), """
                schema.registry.url=https://psrc-xyz98.europe-west3.gcp.confluent.cloud
                bearer.auth.credentials.source=OAUTHBEARER
                bearer.auth.issuer.endpoint.url=https://idp.example.com/oauth2/token
                schema.registry.bearer.auth.client.id=yalas
                bearer.auth.client.secret=cl1ent-s3cret
                bearer.auth.logical.cluster=lsrc-12345
                schema.registry.bearer.auth.identity.pool.id=pool-ab12
                """));
        RegistryConnection registry = settings.registry(Optional.empty()).orElseThrow();
        assertEquals(Map.of("bearer.auth.credentials.source", "OAUTHBEARER", "bearer.auth.issuer.endpoint.url", "https://idp.example.com/oauth2/token",
                "bearer.auth.client.id", "yalas", "bearer.auth.client.secret", "cl1ent-s3cret", "bearer.auth.logical.cluster", "lsrc-12345",
                "bearer.auth.identity.pool.id", "pool-ab12"), registry.settings());
        assertEquals(Map.of("target-sr-cluster", "lsrc-12345", "Confluent-Identity-Pool-Id", "pool-ab12"),
                registry.bearerTokens().orElseThrow().routingHeaders());
        assertFalse(registry.toString().contains("s3cret"), registry.toString());

        assertRefused("bearer.auth.token=a\nschema.registry.bearer.auth.token=b\n", "disagree");
        assertRefused("bearer.auth.tokn=a\n", "'bearer.auth.tokn' is not a schema registry bearer setting");
        Path both = Files.writeString(dir.resolve("both.properties"), """
                schema.registry.url=https://registry.internal
                basic.auth.user.info=k:s3cret
                bearer.auth.credentials.source=STATIC_TOKEN
                bearer.auth.token=t0ken
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientSettings.read(both).registry(Optional.empty()));
        assertTrue(e.getMessage().startsWith(both + ": schema registry credentials are given twice") && !e.getMessage().contains("t0ken"),
                e.getMessage());
    }

    @Test
    void everyMistakeIsRefusedByNameWithTheFileAndWithoutItsSecrets() throws Exception {
        assertRefused("sasl.jass.config=x\n", "'sasl.jass.config' is not a Kafka or schema registry client setting");
        assertRefused("security.protocol=SASL_PLAIN\n", "SASL_PLAIN");
        assertRefused("basic.auth.credentials.source=SASL_INHERIT\n", "must be USER_INFO or URL");
        assertRefused("basic.auth.credentials.source=USER_INFO\n", "needs basic.auth.user.info");
        assertRefused("basic.auth.credentials.source=URL\nbasic.auth.user.info=k:s3cret\n", "credentials are in the URL");
        assertRefused("basic.auth.user.info=s3cret\n", "must be KEY:SECRET");
        assertRefused("basic.auth.user.info=k:s3cret\nschema.registry.basic.auth.user.info=k:other\n", "disagree");
        assertRefused("schema.registry.url=ftp://registry\n", "http(s)://");
        assertRefused("schema.registry.ssl.truststore.path=/x\n", "'schema.registry.ssl.truststore.path' is not a Kafka or schema registry client setting");
        assertRefused("schema.registry.ssl.endpoint.identification.algorithm=\n", "host name is always checked");

        ClientSettings noRegistry = ClientSettings.read(Files.writeString(dir.resolve("creds.properties"),
                "schema.registry.basic.auth.user.info=k:s3cret\n"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> noRegistry.registry(Optional.empty()));
        assertTrue(e.getMessage().contains("names no schema registry") && !e.getMessage().contains("s3cret"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> ClientSettings.read(dir.resolve("none.properties")));
        assertTrue(e.getMessage().contains("none.properties does not exist"), e.getMessage());
    }

    private void assertRefused(String content, String reason) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.properties"), content);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientSettings.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(reason), content + " -> " + e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
