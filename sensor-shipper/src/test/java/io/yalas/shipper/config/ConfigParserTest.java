package io.yalas.shipper.config;

import io.yalas.schemas.wire.RegistryConnection;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigParserTest {
    private static ShipperConfig parse(String... lines) {
        return ConfigParser.parse("shipper.conf", List.of(lines), new ShipperConfig());
    }

    private static String error(String... lines) {
        return assertThrows(ConfigException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void parsesEveryKindOfValue() {
        ShipperConfig c = parse("# comment", "", "host = web-1", "spool.max_bytes = 64m", "coalesce.window = 2s",
                "filter.exclude.syscalls = read, write", "filter.include.paths = /srv/, /etc/",
                "kafka.linger.ms = 5", "metrics.listen = off");
        assertEquals("web-1", c.host);
        assertEquals(64L << 20, c.spoolMaxBytes);
        assertEquals(2000, c.coalesceWindowMs);
        assertEquals(java.util.Set.of("read", "write"), c.excludeSyscalls);
        assertEquals(List.of("/srv/", "/etc/"), c.includePaths);
        assertEquals("5", c.kafka.get("linger.ms"));
        assertEquals("off", c.metricsListen);
    }

    @Test
    void aRegistryBehindAPrivateAuthorityTakesItsStoresUnderTheRegistrysKey() {
        ShipperConfig c = parse("schema_registry = https://registry.internal:8443",
                "schema_registry.ssl.truststore.location = /etc/yalas/registry-ca.p12",
                "schema_registry.ssl.truststore.password = trust-pass");
        assertEquals(new RegistryConnection("https://registry.internal:8443", new TreeMap<>(Map.of(
                "ssl.truststore.location", "/etc/yalas/registry-ca.p12", "ssl.truststore.password", "trust-pass"))), c.registry());
        String refused = error("schema_registry.ssl.truststore.path = /x");
        assertTrue(refused.startsWith("shipper.conf:1: key 'schema_registry.ssl.truststore.path': 'schema_registry.ssl.truststore.path' is "
                + "not a schema registry setting; accepted are schema_registry.bearer.auth.cache.expiry.buffer.seconds, "), refused);
        assertTrue(refused.endsWith(", schema_registry.ssl.truststore.password, schema_registry.ssl.truststore.type"), refused);
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> parse("schema_registry.ssl.truststore.location = /x").registry());
        assertTrue(http.getMessage().contains("is not https"), http.getMessage());
    }

    @Test
    void aRegistryBehindOauthTakesConfluentsBearerSettingsUnderTheRegistrysKey() {
        ShipperConfig c = parse("schema_registry = https://registry.internal:8443",
                "schema_registry.bearer.auth.credentials.source = OAUTHBEARER",
                "schema_registry.bearer.auth.issuer.endpoint.url = https://idp.internal/oauth2/token",
                "schema_registry.bearer.auth.client.id = yalas-shipper",
                "schema_registry.bearer.auth.client.secret = cl1ent-secret");
        assertEquals("OAuth client yalas-shipper via https://idp.internal/oauth2/token",
                c.registry().bearerTokens().orElseThrow().toString());
        IllegalArgumentException incomplete = assertThrows(IllegalArgumentException.class,
                () -> parse("schema_registry.bearer.auth.credentials.source = STATIC_TOKEN").registry());
        assertTrue(incomplete.getMessage().contains("STATIC_TOKEN needs bearer.auth.token"), incomplete.getMessage());
    }

    @Test
    void theShippedExampleParses() {
        ShipperConfig c = ConfigParser.parse(java.nio.file.Path.of("packaging/shipper.conf.example"));
        assertEquals("127.0.0.1:9464", c.metricsListen);
        assertEquals(1L << 30, c.spoolMaxBytes);
    }

    @Test
    void errorsNameTheLineAndKey() {
        assertEquals("shipper.conf:2: key 'spool.max_bytes': not a number: 'lots'",
                error("host = a", "spool.max_bytes = lots"));
        assertEquals("shipper.conf:1: key 'coalesce.windw': unknown key", error("coalesce.windw = 1s"));
        assertEquals("shipper.conf:3: expected 'key = value', got 'just words'", error("# x", "", "just words"));
        assertEquals("shipper.conf:2: key 'host' set twice", error("host = a", "host = b"));
        assertEquals("shipper.conf:1: key 'filter.include.syscalls': unknown syscall 'opne'",
                error("filter.include.syscalls = open, opne"));
        assertEquals("shipper.conf:1: key 'filter.exclude.paths': 'tmp' is not an absolute path",
                error("filter.exclude.paths = tmp"));
        assertEquals("shipper.conf:1: key 'metrics.listen': port out of range: 70000", error("metrics.listen = 127.0.0.1:70000"));
        assertEquals("shipper.conf:1: key 'kafka.sasl.jass.config': 'sasl.jass.config' is not a Kafka producer setting",
                error("kafka.sasl.jass.config = x"));
        assertEquals("shipper.conf:1: key 'kafka.bootstrap.servers': set the brokers with bootstrap_servers",
                error("kafka.bootstrap.servers = b:9092"));
        assertTrue(error("kafka.security.protocol = SASL_PLAIN").startsWith("shipper.conf:1: key 'kafka.security.protocol': Invalid value SASL_PLAIN"),
                error("kafka.security.protocol = SASL_PLAIN"));
        assertTrue(error("kafka.linger.ms = soon").contains("linger.ms"), error("kafka.linger.ms = soon"));
        assertEquals("shipper.conf:1: key 'stats.interval': not a duration: '10 parsecs' (use e.g. 250ms, 10s, 2m)",
                error("stats.interval = 10 parsecs"));
    }
}
