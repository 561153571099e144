package io.yalas.shipper;

import io.yalas.shipper.config.ShipperConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The producer settings the delivery guarantees rest on, and the batching tuned for the reduction figure. */
class ProducerConfigTest {

    @Test
    void idempotentAllAcksLz4NeverGivesUpAndBatchesForCompression() {
        Map<String, Object> p = Shipper.producerConfig(new ShipperConfig());
        assertEquals(true, p.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", p.get(ProducerConfig.ACKS_CONFIG));
        assertEquals("lz4", p.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        // idempotence keeps partition order only with at most 5 requests in flight per connection
        assertTrue((Integer) p.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) <= 5);
        assertEquals(Integer.MAX_VALUE, p.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG));
        assertEquals(500, p.get(ProducerConfig.LINGER_MS_CONFIG));
        assertEquals(256 * 1024, p.get(ProducerConfig.BATCH_SIZE_CONFIG));
    }

    @Test
    void configFileProducerPropertiesWin() {
        ShipperConfig c = new ShipperConfig();
        c.kafka.put("linger.ms", "5");
        assertEquals("5", Shipper.producerConfig(c).get(ProducerConfig.LINGER_MS_CONFIG));
    }
}
