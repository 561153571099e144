package io.yalas.shipper;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.yalas.shipper.publish.KafkaDelivery;
import io.yalas.shipper.spool.Spool;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Prometheus endpoint (loopback by default): events in/out, bytes, drops by reason, ring fill,
 * spool size, in-flight (lag). Every metric reads the live counters at scrape time.
 */
public final class ShipperMetrics implements AutoCloseable {
    private final HTTPServer server;

    private ShipperMetrics(HTTPServer server) {
        this.server = server;
    }

    /** Starts the endpoint on {@code listen} ("host:port"), or returns null for "off". */
    public static ShipperMetrics start(String listen, ShipperCounters c, Spool spool, KafkaDelivery delivery)
            throws IOException {
        if (listen == null || listen.equals("off")) {
            return null;
        }
        int colon = listen.lastIndexOf(':');
        PrometheusRegistry reg = new PrometheusRegistry();
        counter(reg, "yalas_shipper_records_in_total", "Kernel records decoded", () -> c.decode().records.get());
        counter(reg, "yalas_shipper_record_bytes_in_total", "Kernel record bytes decoded", () -> c.decode().bytes.get());
        counter(reg, "yalas_shipper_events_out_total", "Events published (sequence numbers)", () -> c.delivery().events.get());
        counter(reg, "yalas_shipper_events_acked_total", "Events acknowledged by Kafka", () -> c.delivery().acked.get());
        counter(reg, "yalas_shipper_kafka_bytes_total", "Serialized event bytes", () -> c.delivery().kafkaBytes.get());
        counter(reg, "yalas_shipper_filtered_total", "Records dropped by filter rules", () -> c.pipeline().filtered.get());
        counter(reg, "yalas_shipper_coalesced_total", "Records folded into another event", () -> c.pipeline().coalesced.get());
        CounterWithCallback.builder().name("yalas_shipper_drops_total").help("Drops by reason").labelNames("reason")
                .callback(cb -> {
                    for (Map.Entry<String, Long> e : c.shipperDrops().entrySet()) {
                        cb.call(e.getValue(), e.getKey());
                    }
                    for (Map.Entry<String, Long> e : c.source().kernelDrops().entrySet()) {
                        cb.call(e.getValue(), "kernel_" + e.getKey());
                    }
                }).register(reg);
        gauge(reg, "yalas_shipper_ring_fill_bytes", "Bytes waiting in the kernel rings", () -> c.source().ringFillBytes.get());
        gauge(reg, "yalas_shipper_spool_bytes", "Bytes in the on-disk spool", () -> spool == null ? 0 : spool.bytes());
        counter(reg, "yalas_shipper_spool_unreadable_bytes_total", "Bytes of spool segments a crash left unreadable",
                () -> spool == null ? 0 : spool.recoveredLostBytes());
        gauge(reg, "yalas_shipper_spool_segments", "Spool segments", () -> spool == null ? 0 : spool.segments());
        gauge(reg, "yalas_shipper_inflight_events", "Events sent and not yet acknowledged (lag)",
                () -> delivery == null ? 0 : delivery.inflight());
        HTTPServer server = HTTPServer.builder().hostname(listen.substring(0, colon))
                .port(Integer.parseInt(listen.substring(colon + 1))).registry(reg).buildAndStart();
        return new ShipperMetrics(server);
    }

    private static void counter(PrometheusRegistry reg, String name, String help, Supplier<Long> v) {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(v.get())).register(reg);
    }

    private static void gauge(PrometheusRegistry reg, String name, String help, Supplier<Number> v) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(v.get().doubleValue())).register(reg);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
