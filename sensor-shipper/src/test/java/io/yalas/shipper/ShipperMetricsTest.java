package io.yalas.shipper;

import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.source.CaptureFileSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Prometheus endpoint serves the shipper's counters, on loopback. */
class ShipperMetricsTest {
    @TempDir
    Path tmp;

    @Test
    void metricsEndpointServesTheCounters() throws Exception {
        ShipperConfig cfg = new ShipperConfig();
        cfg.spoolDir = tmp;
        cfg.bootstrapServers = "127.0.0.1:1"; // nothing listens: everything is spooled
        cfg.metricsListen = "127.0.0.1:0";
        cfg.shutdownTimeoutMs = 500;
        CaptureFileSource src = CaptureFileSource.open(Captures.path("busy.bin"), false);
        try (Shipper s = Shipper.toKafka(cfg, src, new InMemoryRegistry(), "boot-m")) {
            s.run();
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.metricsPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("yalas_shipper_records_in_total 869.0"), body);
            assertTrue(body.contains("yalas_shipper_coalesced_total 802.0"), body);
            assertTrue(body.contains("yalas_shipper_drops_total{reason=\"spool_full\"} 0.0"), body);
            assertTrue(body.contains("yalas_shipper_spool_bytes"), body);
        }
        // Kafka never came: the clean shutdown left every event in the spool, numbered
        assertTrue(java.nio.file.Files.list(tmp).anyMatch(p -> p.getFileName().toString().startsWith("seg-")));
    }
}
