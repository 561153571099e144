package io.yalas.stack.flink;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.HistogramStatistics;
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
 * operator_name, subtask_index...), as Flink's reporter names them. Histograms (Flink's latency tracking, the
 * checkpoint sizes and durations) become summaries with Flink's reporter's quantiles and a {@code _count}; they
 * have no sum, as Flink keeps none.
 */
public final class LoopbackPrometheusReporter implements MetricReporter {
    public static final String LISTEN = "listen";
    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

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
        if (metric instanceof Counter || metric instanceof Gauge || metric instanceof Meter || metric instanceof Histogram) {
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

    private static SummarySnapshot.SummaryDataPointSnapshot summary(Histogram histogram, Labels labels) {
        HistogramStatistics statistics = histogram.getStatistics();
        Quantiles.Builder quantiles = Quantiles.builder();
        for (double q : QUANTILES) {
            quantiles.quantile(q, statistics.getQuantile(q));
        }
        return SummarySnapshot.SummaryDataPointSnapshot.builder().count(histogram.getCount()).quantiles(quantiles.build())
                .labels(labels).build();
    }

    private MetricSnapshots collect() {
        Map<String, GaugeSnapshot.Builder> gauges = new TreeMap<>();
        Map<String, SummarySnapshot.Builder> summaries = new TreeMap<>();
        Map<String, Set<Labels>> seen = new TreeMap<>();
        for (Map.Entry<Metric, Exported> e : metrics.entrySet()) {
            Exported x = e.getValue();
            if (e.getKey() instanceof Histogram h) {
                if (!gauges.containsKey(x.name()) && seen.computeIfAbsent(x.name(), n -> new HashSet<>()).add(x.labels())) {
                    summaries.computeIfAbsent(x.name(), n -> SummarySnapshot.builder().name(n)).dataPoint(summary(h, x.labels()));
                }
                continue;
            }
            Double v = value(e.getKey());
            // one sample per name and label set, one kind per name: Prometheus refuses a family with duplicates
            if (v == null || summaries.containsKey(x.name()) || !seen.computeIfAbsent(x.name(), n -> new HashSet<>()).add(x.labels())) {
                continue;
            }
            gauges.computeIfAbsent(x.name(), n -> GaugeSnapshot.builder().name(n))
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(v).labels(x.labels()).build());
        }
        List<MetricSnapshot> out = new ArrayList<>();
        gauges.values().forEach(b -> out.add(b.build()));
        summaries.values().forEach(b -> out.add(b.build()));
        return new MetricSnapshots(out);
    }
}
