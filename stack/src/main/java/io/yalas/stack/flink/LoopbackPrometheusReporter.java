package io.yalas.stack.flink;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.LogicalScopeProvider;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Flink jobs' metrics for Prometheus, served on one address. Flink's own PrometheusReporter takes a port
 * only and listens on every interface, which the embedded stack of a security product must not do; this one
 * listens where it is told ({@value #LISTEN}, HOST:PORT).
 * <p>
 * Counters, number gauges and meters (their per-second rate) become gauges named
 * {@code flink_<logical scope>_<metric>}, labelled with Flink's scope variables (job_name, task_name,
 * operator_name, subtask_index...), as Flink's reporter names them. Histograms are left out.
 */
public final class LoopbackPrometheusReporter implements MetricReporter {
    public static final String LISTEN = "listen";

    private record Exported(String name, Labels labels) {
    }

    private final Map<Metric, Exported> metrics = new ConcurrentHashMap<>();
    private HTTPServer server;

    @Override
    public void open(MetricConfig config) {
        String listen = config.getString(LISTEN, null);
        int colon = listen == null ? -1 : listen.lastIndexOf(':');
        if (colon <= 0 || !listen.substring(colon + 1).matches("\\d{1,5}")) {
            throw new IllegalArgumentException("metrics reporter: '" + LISTEN + "' must be HOST:PORT, got '" + listen + "'");
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(this::collect);
        try {
            server = HTTPServer.builder().hostname(listen.substring(0, colon))
                    .port(Integer.parseInt(listen.substring(colon + 1))).registry(registry).buildAndStart();
        } catch (IOException e) {
            throw new UncheckedIOException("metrics reporter: cannot listen on " + listen + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the one asked for, or the one chosen for port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        if (metric instanceof Counter || metric instanceof Gauge || metric instanceof Meter) {
            metrics.put(metric, new Exported(name(metricName, group), labels(group)));
        }
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        metrics.remove(metric);
    }

    private static String name(String metricName, MetricGroup group) {
        String scope = group instanceof LogicalScopeProvider p ? p.getLogicalScope(s -> s, '_') : "";
        String joined = scope.isEmpty() ? metricName : scope + "_" + metricName;
        return PrometheusNaming.sanitizeMetricName("flink_" + joined.replaceAll("[^a-zA-Z0-9_:]", "_"));
    }

    private static Labels labels(MetricGroup group) {
        Map<String, String> sorted = new TreeMap<>();
        group.getAllVariables().forEach((k, v) -> sorted.put(
                PrometheusNaming.sanitizeLabelName(k.replaceAll("[<>]", "")), v == null ? "" : v));
        return Labels.of(new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
    }

    /** Null when the metric has no number to give (a gauge of a string, say). */
    private static Double value(Metric metric) {
        if (metric instanceof Counter c) {
            return (double) c.getCount();
        }
        if (metric instanceof Meter m) {
            return m.getRate();
        }
        Object v = ((Gauge<?>) metric).getValue();
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        return null;
    }

    private MetricSnapshots collect() {
        Map<String, GaugeSnapshot.Builder> families = new TreeMap<>();
        Map<String, Set<Labels>> seen = new TreeMap<>();
        for (Map.Entry<Metric, Exported> e : metrics.entrySet()) {
            Double v = value(e.getKey());
            Exported x = e.getValue();
            // one sample per name and label set: Prometheus refuses a family with duplicates
            if (v == null || !seen.computeIfAbsent(x.name(), n -> new HashSet<>()).add(x.labels())) {
                continue;
            }
            families.computeIfAbsent(x.name(), n -> GaugeSnapshot.builder().name(n))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).labels(x.labels()).build());
        }
        List<MetricSnapshot> out = new ArrayList<>();
        families.values().forEach(b -> out.add(b.build()));
        return new MetricSnapshots(out);
    }
}
