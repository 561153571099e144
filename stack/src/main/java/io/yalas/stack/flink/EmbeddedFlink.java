package io.yalas.stack.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * A Flink MiniCluster in this JVM with its REST endpoint and web UI on loopback. Jobs reach it through
 * {@link FlinkTarget} exactly as they would reach a remote cluster.
 */
public final class EmbeddedFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final URI restAddress;

    private EmbeddedFlink(MiniCluster cluster, URI restAddress) {
        this.cluster = cluster;
        this.restAddress = restAddress;
    }

    public static EmbeddedFlink start(int preferredRestPort, int slots) {
        Configuration conf = new Configuration();
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
            return new EmbeddedFlink(cluster, rest);
        } catch (Exception e) {
            closeQuietly(cluster);
            throw new IllegalStateException("cannot start the Flink MiniCluster: " + e.getMessage(), e);
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
