package io.yalas.stack.flink;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A Flink cluster in a JVM of its own whose classpath, like a stock Flink distribution's, has none of YALAS's
 * jobs, Avro, the Kafka connector or client, or the avro-confluent format: what {@code --flink} submits must
 * bring them along. (The embedded MiniCluster shares the test's classpath and cannot show that.)
 */
public final class SeparateFlinkCluster implements AutoCloseable {
    private static final List<String> NOT_ON_A_CLUSTER = List.of("kafka", "avro", "confluent");
    /** YALAS modules other than the stack (which holds this class and the MiniCluster), as jars or build directories. */
    private static final Pattern YALAS_MODULE = Pattern.compile(
            "yalas-(?!stack)[a-z-]+-\\d.*\\.jar|/(schemas|behavior-model|sensor-shipper|model-store|flink-jobs|sql|cli|benchmarks|scenarios)/target/");

    private final Process process;
    /** HOST:PORT of its REST endpoint. */
    public final String address;

    private SeparateFlinkCluster(Process process, String address) {
        this.process = process;
        this.address = address;
    }

    /** In the child: start the MiniCluster, print its REST address, run until standard input closes. */
    public static void main(String[] args) throws IOException {
        try (EmbeddedFlink flink = EmbeddedFlink.start(0, 2)) {
            System.out.println("REST " + flink.restAddress().getHost() + ":" + flink.restAddress().getPort());
            System.out.flush();
            while (System.in.read() >= 0) {
                // the parent closes the pipe to stop us
            }
        }
    }

    public static SeparateFlinkCluster start() throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> NOT_ON_A_CLUSTER.stream().noneMatch(Path.of(entry).getFileName().toString()::contains))
                .filter(entry -> !YALAS_MODULE.matcher(entry).find())
                .collect(Collectors.joining(File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        for (String pkg : List.of("java.lang", "java.util", "java.net", "java.io", "java.nio", "sun.nio.ch", "java.lang.reflect",
                "java.text", "java.time", "java.util.concurrent", "java.util.concurrent.atomic", "java.util.concurrent.locks")) {
            command.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", classpath, SeparateFlinkCluster.class.getName()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("REST ")) {
                return new SeparateFlinkCluster(p, line.substring(5));
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("the separate Flink cluster did not start (exit " + p.exitValue() + ")");
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
