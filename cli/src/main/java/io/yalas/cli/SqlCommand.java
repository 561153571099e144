package io.yalas.cli;

import io.yalas.schemas.wire.RegistryUrl;
import io.yalas.stack.YalasStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code yalas sql}: starts (or connects to) the stack, then runs the SQL client in a JVM of its own. The
 * client needs Flink's shaded avro-confluent SQL format, whose classes clash with flink-avro, which the jobs
 * in this JVM use; a second classpath keeps both intact.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Flink SQL over the YALAS topics: tables events, alerts, host_stats, behavior_models, view incidents.",
                "Quote the columns `count` and `bytes` in backticks. Statements come from -e, -f or standard input",
                "(end each with ';', 'quit;' to leave). Queries run on a local Flink, or with --flink on that cluster;",
                "--ddl prints the table definitions for Flink's own SQL client. By default it reads the topics the demo left in data/demo."})
public final class SqlCommand implements Callable<Integer> {
    @Mixin
    StackOptions stackOptions;

    @Option(names = {"-e", "--execute"}, paramLabel = "SQL", description = "Statements to run (repeatable; ';' separates several).")
    List<String> execute = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of statements to run.")
    Path file;

    @Option(names = "--follow", description = "Keep reading as records arrive (continuous queries print their changes).")
    boolean follow;

    @Option(names = "--ddl", description = "Print the CREATE TABLE statements of the YALAS tables and exit.")
    boolean ddl;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (file != null && !Files.isReadable(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--file " + file + ": no such readable file");
        }
        Path client = clientDirectory();
        try (YalasStack stack = YalasStack.start(stackOptions.toConfigWithoutJobs(spec.commandLine(), Path.of("data", "demo")))) {
            List<String> command = new ArrayList<>(List.of(javaBinary()));
            command.addAll(jvmOptions());
            command.add("-Dyalas.sql.log=" + stack.dataDir().resolve("logs").resolve("sql.log"));
            command.addAll(List.of("-cp", client.resolve("*") + java.io.File.pathSeparator + client.resolve("lib").resolve("*"),
                    "io.yalas.sql.SqlClient"));
            command.addAll(clientArguments(stack.bootstrapServers()));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put(RegistryUrl.ENVIRONMENT_VARIABLE, stack.schemaRegistryUrl());
            return run(builder);
        }
    }

    /** The SQL client's arguments: everything but the schema registry, which goes in its environment. */
    List<String> clientArguments(String bootstrapServers) {
        List<String> arguments = new ArrayList<>(List.of("--bootstrap-servers", bootstrapServers));
        execute.forEach(statement -> arguments.addAll(List.of("-e", statement)));
        if (file != null) {
            arguments.addAll(List.of("-f", file.toAbsolutePath().toString()));
        }
        if (follow) {
            arguments.add("--follow");
        }
        if (stackOptions.kafkaConfig != null) {
            arguments.addAll(List.of("--kafka-config", stackOptions.kafkaConfig.toAbsolutePath().toString()));
        }
        if (stackOptions.flink != null) {
            arguments.addAll(List.of("--flink", stackOptions.flink));
        }
        if (ddl) {
            arguments.add("--ddl");
        }
        return arguments;
    }

    /**
     * At a terminal the client shares it (prompts, Ctrl-C); otherwise its output goes through this command's
     * writers, so callers and tests see it like any other command's.
     */
    private int run(ProcessBuilder builder) throws IOException, InterruptedException {
        if (System.console() != null) {
            return builder.inheritIO().start().waitFor();
        }
        Process process = builder.redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        Thread out = copy(process.getInputStream(), spec.commandLine().getOut());
        Thread err = copy(process.getErrorStream(), spec.commandLine().getErr());
        int exit = process.waitFor();
        out.join();
        err.join();
        return exit;
    }

    private static Thread copy(InputStream from, PrintWriter to) {
        Thread t = new Thread(() -> pass(from, to), "sql-client-output");
        t.start();
        return t;
    }

    /**
     * Copies the client's output as it comes, flushing after every read: a continuous query (--follow) may
     * print one row a minute, and it must show then, not when a buffer happens to fill.
     */
    static void pass(InputStream from, PrintWriter to) {
        try (Reader in = new InputStreamReader(from, StandardCharsets.UTF_8)) {
            char[] chunk = new char[8192];
            for (int n; (n = in.read(chunk)) >= 0; ) {
                to.write(chunk, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            to.println("yalas sql: lost output of the SQL client: " + e.getMessage());
        }
        to.flush();
    }

    /** The SQL client's jar and libraries, built beside the cli by the same Maven build. */
    private Path clientDirectory() throws IOException {
        Path target = Path.of(System.getProperty("yalas.home", ".")).resolve("sql").resolve("target");
        try (Stream<Path> jars = Files.exists(target) ? Files.list(target) : Stream.empty()) {
            if (jars.noneMatch(p -> p.getFileName().toString().matches("yalas-sql-.*\\.jar")) || !Files.isDirectory(target.resolve("lib"))) {
                throw new CommandLine.ExecutionException(spec.commandLine(), "the SQL client is not built in " + target.toAbsolutePath()
                        + ": build it with 'mvn -pl sql -am package' (./yalas builds it)");
            }
        }
        return target;
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** This JVM's heap and module-opening flags: Flink in the client needs the same. */
    private static List<String> jvmOptions() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Xmx") || a.startsWith("-Dyalas.home")).toList();
    }
}
