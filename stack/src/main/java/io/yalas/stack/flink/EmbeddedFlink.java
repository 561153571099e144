package io.yalas.stack.flink;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Flink MiniCluster in this JVM with its REST endpoint and web UI on loopback. Jobs reach it through
 * {@link FlinkTarget} exactly as they would reach a remote cluster.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private static final String REPORTER = "yalas_prometheus";
    private final MiniCluster cluster;
    private final URI restAddress;

    private EmbeddedFlink(MiniCluster cluster, URI restAddress) {
        this.cluster = cluster;
        this.restAddress = restAddress;
    }

    public static EmbeddedFlink start(int preferredRestPort, int slots) {
        return start(preferredRestPort, slots, Optional.empty());
    }

    /**
     * @param metricsListen HOST:PORT to serve the jobs' metrics on for Prometheus ({@link LoopbackPrometheusReporter})
     */
    public static EmbeddedFlink start(int preferredRestPort, int slots, Optional<String> metricsListen) {
        Configuration conf = new Configuration();
        metricsListen.ifPresent(listen -> {
            conf.set(reporterOption("factory.class"), LoopbackPrometheusReporterFactory.class.getName());
            conf.set(reporterOption(LoopbackPrometheusReporter.LISTEN), listen);
        });
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, String.valueOf(Math.max(preferredRestPort, 0)));
        // The jobs' classes are on this JVM's classpath already. A submission that ships them anyway (a command
        // given this cluster's address with --flink treats it like any cluster) must not load a second copy.
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        // Small, fixed memory: the stack shares a 2-core laptop-sized machine with the broker.
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.ofMebiBytes(64));
        conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.ofMebiBytes(64));
        MiniClusterConfiguration config = new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build();
        MiniCluster cluster = new MiniCluster(config);
        try {
            cluster.start();
            URI rest = cluster.getRestAddress().get(60, TimeUnit.SECONDS);
            metricsListen.ifPresent(EmbeddedFlink::requireListening);
            return new EmbeddedFlink(cluster, rest);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("cannot start the Flink MiniCluster: " + e.getMessage(), e);
        }
    }

    private static ConfigOption<String> reporterOption(String key) {
        return ConfigOptions.key("metrics.reporter." + REPORTER + "." + key).stringType().noDefaultValue();
    }

    /**
     * Flink logs a reporter that failed to start and carries on; a user who asked for metrics must hear of it.
     * Something else listening on that address does not count: the answer must be Flink's metrics.
     */
    private static void requireListening(String listen) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + listen + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("flink_")) {
                return;
            }
            throw new IOException("HTTP " + r.statusCode() + " without Flink's metrics");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Flink metrics: not served on " + listen
                    + " (address in use, or not one of this machine's?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the Flink metrics endpoint", e);
        }
    }

    public URI restAddress() {
        return restAddress;
    }

    public FlinkTarget target() {
        return FlinkTarget.remote(restAddress.getHost(), restAddress.getPort());
    }

    @Override
    public void close() {
        closeQuietly(cluster);
    }

    private static void closeQuietly(MiniCluster cluster) {
        try {
            cluster.close();
        } catch (Exception e) {
            // Shutting down: nothing left to do with the error.
        }
    }
}
