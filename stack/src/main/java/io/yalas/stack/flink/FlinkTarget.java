package io.yalas.stack.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.util.List;

/**
 * Where jobs run: the embedded MiniCluster or a real Flink cluster, reached the same way (its REST
 * address). Against a real cluster the job jars are shipped with the submission; in the embedded case
 * the classes are already on the cluster's classpath.
 */
public record FlinkTarget(String host, int port, List<String> jars) {
    public FlinkTarget {
        jars = List.copyOf(jars);
    }

    public static FlinkTarget remote(String host, int port) {
        return new FlinkTarget(host, port, List.of());
    }

    /** Parses {@code host:port} as given on the command line. */
    public static FlinkTarget parse(String hostPort, List<String> jars) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("Flink address must be host:port, got '" + hostPort + "'");
        }
        try {
            return new FlinkTarget(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), jars);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Flink address must be host:port, got '" + hostPort + "'", e);
        }
    }

    /** The same cluster, with {@code jobJars} shipped with every submission. */
    public FlinkTarget withJars(List<String> jobJars) {
        return new FlinkTarget(host, port, jobJars);
    }

    public StreamExecutionEnvironment environment(Configuration conf) {
        return StreamExecutionEnvironment.createRemoteEnvironment(host, port, conf, jars.toArray(String[]::new));
    }

    public String webUrl() {
        return "http://" + host + ":" + port;
    }
}
