package io.yalas.schemas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaConnectionTest {
    private static final String JAAS =
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"yalas\" password=\"s3cret\";";

    @Test
    void aPlainConnectionIsOnlyItsServers() {
        KafkaConnection plain = KafkaConnection.plain("broker-1:9092,broker-2:9092");
        assertEquals(Map.of("bootstrap.servers", "broker-1:9092,broker-2:9092"), plain.clientConfig());
        assertEquals("broker-1:9092,broker-2:9092", plain.toString());
    }

    @Test
    void readsTheSettingsOfASecuredClusterAndNeverShowsTheirSecrets(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("client.properties"), """
                # SASL over TLS, as a managed cluster wants it
                security.protocol = SASL_SSL
                sasl.mechanism = PLAIN
                sasl.jaas.config = %s
                ssl.truststore.location = /etc/yalas/truststore.p12
                ssl.truststore.password = changeit
                """.formatted(JAAS));
        KafkaConnection kafka = KafkaConnection.withSettingsFile("broker:9093", file);

        Map<String, Object> config = kafka.clientConfig();
        assertEquals("broker:9093", config.get("bootstrap.servers"));
        assertEquals("SASL_SSL", config.get("security.protocol"));
        assertEquals(JAAS, config.get("sasl.jaas.config"));
        assertEquals(6, config.size());
        config.put("acks", "all");
        assertFalse(kafka.clientConfig().containsKey("acks"), "each call gives a fresh configuration to add to");
        assertEquals("PLAIN", kafka.clientProperties().getProperty("sasl.mechanism"));

        String shown = kafka.toString();
        assertFalse(shown.contains("s3cret") || shown.contains("changeit"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL") && shown.contains("sasl.jaas.config=[hidden]"), shown);
    }

    @Test
    void aMisspeltOrForeignSettingIsRefusedByName(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.properties"), "security.protocol=SASL_PLAINTEXT\nsasl.jass.config=x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.withSettingsFile("b:9092", typo));
        assertTrue(e.getMessage().startsWith(typo.toString()) && e.getMessage().contains("'sasl.jass.config' is not a Kafka connection setting"),
                e.getMessage());

        Path clientTuning = Files.writeString(dir.resolve("acks.properties"), "acks=0\n");
        e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.withSettingsFile("b:9092", clientTuning));
        assertTrue(e.getMessage().contains("'acks'"), e.getMessage());

        Path servers = Files.writeString(dir.resolve("servers.properties"), "bootstrap.servers=other:9092\n");
        e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.withSettingsFile("b:9092", servers));
        assertTrue(e.getMessage().contains("--bootstrap-servers"), e.getMessage());
    }

    @Test
    void aBadValueIsRefusedWithTheClientsOwnReason(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.properties"), "security.protocol=SASL_PLAIN\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.withSettingsFile("b:9092", bad));
        assertTrue(e.getMessage().contains("security.protocol") && e.getMessage().contains("SASL_PLAIN"), e.getMessage());
    }

    @Test
    void aMissingFileOrServerListIsAClearError(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KafkaConnection.withSettingsFile("b:9092", dir.resolve("none.properties")));
        assertTrue(e.getMessage().contains("none.properties does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.plain(" "));
        assertTrue(e.getMessage().contains("bootstrap servers"), e.getMessage());
    }
}
