package io.yalas.schemas.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RegistryConnectionTest {
    private static final String URL = "https://sr-key:sr-secret@registry.internal:8443";

    @TempDir
    Path dir;

    private static RegistryConnection connection(Map<String, String> tls) {
        return new RegistryConnection(URL, new TreeMap<>(tls));
    }

    /** An empty PKCS12 store: enough for the reading and password checks, which come before any certificate is looked at. */
    private Path emptyStore(String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        Path file = Files.createTempFile(dir, "store-", ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    @Test
    void withoutTlsSettingsTheJvmsOwnTrustApplies() {
        RegistryConnection plain = RegistryConnection.plain("http://127.0.0.1:8081");
        assertEquals(Optional.empty(), plain.sslContext());
        assertEquals(Map.of(), plain.flinkFormatOptions());
        assertEquals("http://127.0.0.1:8081", plain.toString());
    }

    @Test
    void theStoresAreReadAndTheirSettingsBecomeTheSqlFormatsOptions() throws Exception {
        Path trust = emptyStore("trust-pass");
        Map<String, String> tls = Map.of("ssl.truststore.location", trust.toString(), "ssl.truststore.password", "trust-pass",
                "ssl.truststore.type", "PKCS12");
        RegistryConnection connection = connection(tls);
        assertTrue(connection.sslContext().isPresent());

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("avro-confluent.ssl.truststore.location", trust.toString());
        expected.put("avro-confluent.ssl.truststore.password", "trust-pass");
        expected.put("avro-confluent.properties.schema.registry.ssl.truststore.type", "PKCS12");
        assertEquals(expected, connection.flinkFormatOptions());

        String shown = connection.toString();
        assertEquals("https://sr-key:***@registry.internal:8443 (TLS: trust store " + trust + ")", shown);
        assertFalse(shown.contains("trust-pass") || shown.contains("sr-secret"), shown);
    }

    @Test
    void itTravelsToTaskManagersAsJavaSerializationCarriesIt() throws Exception {
        RegistryConnection connection = connection(Map.of("ssl.truststore.location", "/etc/yalas/registry-ca.p12",
                "ssl.truststore.password", "trust-pass"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(connection);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(connection, in.readObject());
        }
    }

    @Test
    void settingsThatCannotWorkAreRefusedByName() {
        assertRefused(Map.of("ssl.truststore.path", "/x"), "'ssl.truststore.path' is not a schema registry client setting");
        assertRefused(Map.of("ssl.truststore.location", " "), "ssl.truststore.location is empty");
        assertRefused(Map.of("ssl.truststore.password", "p"), "no ssl.truststore.location");
        assertRefused(Map.of("ssl.keystore.type", "PKCS12"), "no ssl.keystore.location");
        assertRefused(Map.of("ssl.key.password", "p"), "no ssl.keystore.location");
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> new RegistryConnection("http://registry:8081", new TreeMap<>(Map.of("ssl.truststore.location", "/x"))));
        assertTrue(http.getMessage().contains("is not https"), http.getMessage());
    }

    @Test
    void anUnreadableStoreIsNamedWithoutItsPassword() throws Exception {
        Path trust = emptyStore("trust-pass");
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> connection(Map.of(
                "ssl.truststore.location", trust.toString(), "ssl.truststore.password", "guess")).sslContext());
        assertTrue(wrong.getMessage().startsWith("cannot read schema registry trust store " + trust + " (schema.registry.ssl.truststore.location)")
                && !wrong.getMessage().contains("guess"), wrong.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> connection(Map.of(
                "ssl.keystore.location", dir.resolve("none.p12").toString())).sslContext());
        assertEquals("schema registry key store " + dir.resolve("none.p12") + " (schema.registry.ssl.keystore.location) does not exist",
                missing.getMessage());

        Path notAStore = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n");
        IllegalArgumentException pem = assertThrows(IllegalArgumentException.class, () -> connection(Map.of(
                "ssl.truststore.location", notAStore.toString())).sslContext());
        assertTrue(pem.getMessage().startsWith("cannot read schema registry trust store " + notAStore), pem.getMessage());
    }

    @Test
    void aTrustStoreMayBeTheAuthoritysPemFileButAKeyStoreMayNot() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> connection(Map.of(
                "ssl.truststore.location", empty.toString(), "ssl.truststore.type", "PEM")).sslContext());
        assertEquals("cannot read schema registry trust store " + empty + " (schema.registry.ssl.truststore.location) as PEM certificates: "
                + "the file holds no certificate", none.getMessage());
        assertRefused(Map.of("ssl.truststore.location", "/ca.pem", "ssl.truststore.type", "PEM", "ssl.truststore.password", "x"),
                "takes no ssl.truststore.password");
        assertRefused(Map.of("ssl.keystore.location", "/client.pem", "ssl.keystore.type", "pem"), "openssl pkcs12 -export");
    }

    @Test
    void bearerSettingsBecomeTheSqlFormatsOptionsAndNeverShow() {
        RegistryConnection fixed = new RegistryConnection("https://registry.internal:8443", new TreeMap<>(Map.of(
                "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "t0ken-value")));
        assertEquals(Map.of("avro-confluent.bearer-auth.credentials-source", "STATIC_TOKEN", "avro-confluent.bearer-auth.token", "t0ken-value"),
                fixed.flinkFormatOptions());
        assertEquals("https://registry.internal:8443 (static bearer token)", fixed.toString());
        assertTrue(fixed.bearerTokens().isPresent() && fixed.tls().isEmpty());

        RegistryConnection oauth = new RegistryConnection("https://registry.internal:8443", new TreeMap<>(Map.of(
                "bearer.auth.credentials.source", "OAUTHBEARER", "bearer.auth.issuer.endpoint.url", "https://idp.internal/oauth2/token",
                "bearer.auth.client.id", "yalas", "bearer.auth.client.secret", "cl1ent-secret", "bearer.auth.logical.cluster", "lsrc-1")));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("avro-confluent.properties.bearer.auth.client.id", "yalas");
        expected.put("avro-confluent.properties.bearer.auth.client.secret", "cl1ent-secret");
        expected.put("avro-confluent.bearer-auth.credentials-source", "OAUTHBEARER");
        expected.put("avro-confluent.properties.bearer.auth.issuer.endpoint.url", "https://idp.internal/oauth2/token");
        expected.put("avro-confluent.properties.bearer.auth.logical.cluster", "lsrc-1");
        assertEquals(expected, oauth.flinkFormatOptions());
        assertEquals("https://registry.internal:8443 (OAuth client yalas via https://idp.internal/oauth2/token)", oauth.toString());
    }

    @Test
    void bearerSettingsAreCheckedAsConfluentsClientsTakeThem() {
        assertRefused(Map.of("bearer.auth.token", "t"), "need bearer.auth.credentials.source (STATIC_TOKEN or OAUTHBEARER)");
        assertRefused(Map.of("bearer.auth.credentials.source", "TOKEN"), "must be STATIC_TOKEN or OAUTHBEARER, got 'TOKEN'");
        assertRefused(Map.of("bearer.auth.credentials.source", "SASL_OAUTHBEARER_INHERIT"), "is not supported");
        assertRefused(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN"), "STATIC_TOKEN needs bearer.auth.token");
        assertRefused(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", "t", "bearer.auth.client.id", "c"),
                "bearer.auth.client.id does not go with bearer.auth.credentials.source=STATIC_TOKEN");
        Map<String, String> oauth = Map.of("bearer.auth.credentials.source", "OAUTHBEARER", "bearer.auth.issuer.endpoint.url",
                "https://idp/token", "bearer.auth.client.id", "c");
        assertRefused(oauth, "OAUTHBEARER needs bearer.auth.client.secret");
        Map<String, String> complete = new TreeMap<>(oauth);
        complete.put("bearer.auth.client.secret", "s");
        complete.put("bearer.auth.issuer.endpoint.url", "idp.internal/token");
        assertRefused(complete, "bearer.auth.issuer.endpoint.url must be an http(s)://host");
        complete.put("bearer.auth.issuer.endpoint.url", "https://idp/token");
        complete.put("bearer.auth.cache.expiry.buffer.seconds", "5m");
        assertRefused(complete, "bearer.auth.cache.expiry.buffer.seconds must be a number of seconds");
        complete.remove("bearer.auth.cache.expiry.buffer.seconds");
        // URL carries basic credentials (URL above): a registry takes one kind.
        assertRefused(complete, "credentials are given twice");
    }

    private static void assertRefused(Map<String, String> tls, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> connection(tls));
        assertTrue(e.getMessage().contains(reason), tls + " -> " + e.getMessage());
    }
}
