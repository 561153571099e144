package io.yalas.schemas;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

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
    void aSecuredConnectionGivesFreshConfigurationsAndNeverShowsItsSecrets() {
        KafkaConnection kafka = new KafkaConnection("broker:9093", new TreeMap<>(Map.of("security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN", "sasl.jaas.config", JAAS, "ssl.truststore.password", "changeit")));
        Map<String, Object> config = kafka.clientConfig();
        assertEquals("broker:9093", config.get("bootstrap.servers"));
        assertEquals(JAAS, config.get("sasl.jaas.config"));
        config.put("acks", "all");
        assertFalse(kafka.clientConfig().containsKey("acks"), "each call gives a fresh configuration to add to");
        assertEquals("PLAIN", kafka.clientProperties().getProperty("sasl.mechanism"));

        String shown = kafka.toString();
        assertFalse(shown.contains("s3cret") || shown.contains("changeit"), shown);
        assertTrue(shown.contains("security.protocol=SASL_SSL") && shown.contains("sasl.jaas.config=[hidden]"), shown);
    }

    @Test
    void onlyValidConnectionSettingsAreAccepted() {
        for (String key : new String[] {"acks", "bootstrap.servers", "sasl.jass.config"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new KafkaConnection("b:9092", new TreeMap<>(Map.of(key, "x"))));
            assertTrue(e.getMessage().contains("'" + key + "' is not a Kafka connection setting"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new KafkaConnection("b:9092", new TreeMap<>(Map.of("security.protocol", "SASL_PLAIN"))));
        assertTrue(e.getMessage().contains("security.protocol") && e.getMessage().contains("SASL_PLAIN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KafkaConnection.plain(" "));
        assertTrue(e.getMessage().contains("bootstrap servers"), e.getMessage());
    }
}
