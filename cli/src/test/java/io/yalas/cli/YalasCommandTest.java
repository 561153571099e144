package io.yalas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YalasCommandTest {
    record Run(int exit, String out, String err) {
    }

    /** The flags that reach {@code stack} the way a real cluster is reached. */
    static String[] clusterOf(io.yalas.stack.YalasStack stack) {
        return new String[] {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl()};
    }

    /** {@code command}, then the cluster flags, then {@code rest}. */
    static String[] on(String[] cluster, String command, String... rest) {
        return java.util.stream.Stream.of(new String[] {command}, cluster, rest).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Yalas.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpAndVersion() {
        Run help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("stack"), help.out());
        assertTrue(help.out().contains("demo"), help.out());
        Run version = run("--version");
        assertEquals(0, version.exit());
        assertTrue(version.out().startsWith("yalas 0."), version.out());
    }

    @Test
    void everySubcommandHasHelp() {
        for (String sub : Yalas.commandLine().getSubcommands().keySet()) {
            if (sub.equals("help")) {
                continue;
            }
            Run help = run(sub, "--help");
            assertEquals(0, help.exit(), sub);
            assertTrue(help.out().contains("Usage: yalas " + sub), help.out());
            // 'yalas --help' lists each command by its first description line alone
            String[] description = Yalas.commandLine().getSubcommands().get(sub).getCommandSpec().usageMessage().description();
            assertTrue(description.length > 0 && description[0].strip().endsWith("."), sub + "'s summary is not a whole sentence: " + String.join(" ", description));
        }
    }

    @Test
    void badFlagsAreClearErrorsWithNonZeroExit() {
        Run unknown = run("--no-such-flag");
        assertNotEquals(0, unknown.exit());
        assertTrue(unknown.err().contains("Unknown option"), unknown.err());
        Run badRegistry = run("stack", "--schema-registry", "not-a-url", "--exit-after-start");
        assertNotEquals(0, badRegistry.exit());
        assertTrue(badRegistry.err().contains("--schema-registry: a schema registry URL is http(s)://"), badRegistry.err());
        Run badFlink = run("stack", "--flink", "nowhere", "--exit-after-start");
        assertNotEquals(0, badFlink.exit());
        assertTrue(badFlink.err().contains("--flink must be HOST:PORT"), badFlink.err());
        Run badMetrics = run("stack", "--flink-metrics", "9249", "--exit-after-start");
        assertNotEquals(0, badMetrics.exit());
        assertTrue(badMetrics.err().contains("--flink-metrics must be HOST:PORT"), badMetrics.err());
        Run metricsOfACluster = run("stack", "--flink", "flink:8081", "--flink-metrics", "127.0.0.1:9249", "--exit-after-start");
        assertNotEquals(0, metricsOfACluster.exit());
        assertTrue(metricsOfACluster.err().contains("a cluster given with --flink has its own reporters"), metricsOfACluster.err());
        Run metricsWithoutJobs = run("alerts", "--flink-metrics", "127.0.0.1:9249");
        assertNotEquals(0, metricsWithoutJobs.exit());
        assertTrue(metricsWithoutJobs.err().contains("this command runs no Flink job"), metricsWithoutJobs.err());
        Run unknownCommand = run("frobnicate");
        assertNotEquals(0, unknownCommand.exit());
    }

    @Test
    void badRuleExceptionsStopDetectBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path typo = java.nio.file.Files.writeString(dir.resolve("exceptions.conf"), "allow credential-acces exe=/usr/sbin/backupd\n");
        Run bad = run("detect", "--data-dir", dir.resolve("data").toString(), "--rule-exceptions", typo.toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains("--rule-exceptions " + typo + ":1: unknown rule 'credential-acces'"), bad.err());
        Run missing = run("detect", "--data-dir", dir.resolve("data").toString(), "--rule-exceptions", dir.resolve("none.conf").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("cannot read rule exceptions"), missing.err());
        assertTrue(!java.nio.file.Files.exists(dir.resolve("data")), "no stack was started");
    }

    @Test
    void stackStartsPrintsAddressesAndStops(@TempDir Path dir) {
        String metrics = "127.0.0.1:" + io.yalas.stack.PortAllocator.freePort(0);
        Run stack = run("stack", "--data-dir", dir.toString(), "--flink-metrics", metrics, "--exit-after-start");
        assertEquals(0, stack.exit(), stack.err());
        assertTrue(stack.out().contains("bootstrap servers : 127.0.0.1:"), stack.out());
        assertTrue(stack.out().contains("schema registry   : http://127.0.0.1:"), stack.out());
        assertTrue(stack.out().contains("flink web UI      : http://127.0.0.1:"), stack.out());
        // the stack checks at start that Flink's metrics are served there
        assertTrue(stack.out().contains("flink metrics     : http://" + metrics + "/metrics"), stack.out());
    }
}
