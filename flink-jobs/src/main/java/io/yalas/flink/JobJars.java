package io.yalas.flink;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The jars a job submission to a Flink cluster must ship: this module's jar and its runtime dependencies
 * other than Flink itself (YALAS's model and schemas, Avro, the Kafka connector and client). A stock Flink
 * cluster has none of them; the embedded MiniCluster shares this JVM's classpath and needs none. The build
 * lists their file names ({@code job-classpath.txt}); they are looked up on this JVM's classpath, where the
 * yalas command's launcher puts every jar of its lib directory.
 */
public final class JobJars {
    private static final String LIST = "job-classpath.txt";
    private static final Pattern VERSION = Pattern.compile("-\\d.*\\.jar$|\\.jar$");

    private JobJars() {
    }

    /**
     * Paths of the jars, this module's first. A dependency is matched by artifact, not version: the command's
     * classpath may hold another version of it (Maven picks one per application), and that is the one the
     * job's classes were built into a graph with here.
     *
     * @throws IllegalStateException naming a jar that is not found
     */
    public static List<String> paths() {
        Map<String, Path> onClasspath = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isRegularFile(p)) {
                onClasspath.putIfAbsent(artifact(p.getFileName().toString()), p);
            }
        }
        List<String> paths = new ArrayList<>();
        paths.add(ownJar().toString());
        for (String name : names()) {
            Path jar = onClasspath.get(artifact(name));
            if (jar == null) {
                throw new IllegalStateException("cannot ship the jobs to a Flink cluster: " + name + " is not on this JVM's classpath");
            }
            paths.add(jar.toString());
        }
        return paths;
    }

    /** {@code commons-io-2.15.1.jar} -> {@code commons-io}: the name up to the first "-digit". */
    static String artifact(String jarName) {
        return VERSION.matcher(jarName).replaceFirst("");
    }

    private static List<String> names() {
        try (InputStream in = JobJars.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("cannot ship the jobs to a Flink cluster: " + LIST + " is missing from the build");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().split(";"))
                    .map(entry -> Path.of(entry).getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LIST + ": " + e.getMessage(), e);
        }
    }

    private static Path ownJar() {
        try {
            Path own = Path.of(JobJars.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(own)) {
                throw new IllegalStateException("cannot ship the jobs to a Flink cluster: they are not in a jar (" + own + "); build with mvn package");
            }
            return own;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jobs' jar: " + e.getMessage(), e);
        }
    }
}
