package io.yalas.cli;

import io.yalas.model.alphabet.AlphabetConfig;
import io.yalas.modelstore.ModelStore;
import io.yalas.schemas.BehaviorModel;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import io.yalas.stack.flink.SeparateFlinkCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas learn} from a capture and by event-time range, against a running stack. */
class LearnCommandTest {
    /** A shell running dd, cat and ls, recorded by the real module. */
    static final Path CAPTURE = Path.of("..", "sensor-shipper", "src", "test", "resources", "captures", "busy.bin");
    static YalasStack stack;
    static String[] cluster;

    @BeforeAll
    static void start() {
        stack = YalasStack.start(StackConfig.temporary());
        var flink = stack.flink().orElseThrow();
        cluster = new String[] {"--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
                "--flink", flink.host() + ":" + flink.port()};
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static String[] learn(String... options) {
        return Stream.concat(Stream.concat(Stream.of("learn"), Stream.of(cluster)), Stream.of(options)).toArray(String[]::new);
    }

    @Test
    void learnsFromACaptureAndSelectsRunsByEventTime() {
        var fromCapture = run(learn("--capture", CAPTURE.toString(), "--run-id", "suite-1", "--test-suite", "busy shell"));
        assertEquals(0, fromCapture.exit(), fromCapture.err() + fromCapture.out());
        assertTrue(fromCapture.out().contains("kernel records") && fromCapture.out().contains("suite-1"), fromCapture.out());
        assertTrue(fromCapture.out().contains("LEARNING"), "models stored in state LEARNING: " + fromCapture.out());

        var beforeTheRecording = run(learn("--run-id", "suite-1", "--to", "2001-01-01T00:00:00Z"));
        assertEquals(1, beforeTheRecording.exit(), beforeTheRecording.out() + beforeTheRecording.err());
        assertTrue(beforeTheRecording.out().contains("nothing learned"), beforeTheRecording.out());

        var sinceTheRecording = run(learn("--run-id", "suite-1", "--from", "2001-01-01T00:00:00Z"));
        assertEquals(0, sinceTheRecording.exit(), sinceTheRecording.out() + sinceTheRecording.err());
        // Other tests share the stack and may have learned the same profiles: compare with this test's first version.
        String first = fromCapture.out().lines().filter(l -> l.contains("LEARNING")).findFirst().orElseThrow();
        String[] parts = first.split("\\s+");
        String next = parts[0] + " v" + (Long.parseLong(parts[1].substring(1)) + 1);
        assertTrue(sinceTheRecording.out().lines().anyMatch(l -> l.replaceAll("\\s+", " ").startsWith(next)),
                "a new version of each profile (" + next + "): " + sinceTheRecording.out());
    }

    @Test
    void onAFlinkClusterOfItsOwnTheJobShipsItsJars() throws Exception {
        try (SeparateFlinkCluster cluster = SeparateFlinkCluster.start()) {
            var learned = run("learn", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
                    "--flink", cluster.address, "--capture", CAPTURE.toString(), "--run-id", "suite-cluster");
            assertEquals(0, learned.exit(), learned.err() + learned.out());
            assertTrue(learned.out().contains("LEARNING"), learned.out());
        }
    }

    @Test
    void theSyscallMaskOfTheLearningCaptureIsRecordedInTheModels(@TempDir Path dir) throws Exception {
        // busy.bin as "yalas-capture -m openat,read,write,execve" on its own host would have recorded it
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(CAPTURE)).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(Abi.CAP_FLAGS, header.getInt(Abi.CAP_FLAGS) | Abi.CAPF_SYSMASK);
        for (String name : List.of("openat", "read", "write", "execve")) {
            int id = Syscalls.id(name);
            int word = Abi.CAP_SYSMASK + (id / 64) * 8;
            header.putLong(word, header.getLong(word) | 1L << (id % 64));
        }
        byte[] host = "masked-host".getBytes(StandardCharsets.US_ASCII);
        header.put(Abi.CAP_HOSTNAME, new byte[Abi.CAP_NAME_LEN]).put(Abi.CAP_HOSTNAME, host);
        Path masked = Files.write(dir.resolve("masked.bin"), header.array());

        var learned = run(learn("--capture", masked.toString(), "--run-id", "suite-masked"));
        assertEquals(0, learned.exit(), learned.err() + learned.out());
        String profile = learned.out().lines().filter(l -> l.contains("LEARNING")).findFirst().orElseThrow().split("\\s+")[0];
        try (ModelStore store = ModelStore.open(stack.kafka(), stack.schemaRegistry())) {
            BehaviorModel m = store.resolve(profile + "@latest");
            assertEquals(List.of("masked-host"), m.getProvenance().getHosts());
            assertEquals(List.of("execve", "openat", "read", "write"), m.getProvenance().getWatchedSyscalls(),
                    "the mask the learning run's HostStats carried, kept with the model");
        }
    }

    @Test
    void aCustomAlphabetTravelsThroughTheJobIntoTheModels(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("alphabet.conf");
        Files.writeString(conf, "# the shell's scratch files are its data\npath /tmp = HOME\nsmall-max = 4096\n");
        String custom = AlphabetConfig.read(conf).ref().id();
        var learned = run(learn("--capture", CAPTURE.toString(), "--run-id", "suite-alphabet", "--alphabet", conf.toString()));
        assertEquals(0, learned.exit(), learned.err() + learned.out());
        String profile = learned.out().lines().filter(l -> l.contains("LEARNING")).findFirst().orElseThrow().split("\\s+")[0];
        var show = run("models", "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", stack.schemaRegistryUrl(),
                "show", profile + "@latest");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains(custom + " v1"), "the model records the alphabet it was learned with: " + show.out());
        assertTrue(show.out().contains("path /tmp = HOME") && show.out().contains("small-max = 4096"),
                "and shows its rules: " + show.out());
    }

    @Test
    void badOptionsAreClearErrors(@TempDir Path dir) throws Exception {
        var notATime = run(learn("--from", "yesterday"));
        assertEquals(2, notATime.exit());
        assertTrue(notATime.err().contains("--from yesterday: not an ISO-8601 instant"), notATime.err());
        var backwards = run(learn("--from", "2026-11-21T10:00:00Z", "--to", "2026-11-21T09:00:00Z"));
        assertEquals(2, backwards.exit());
        assertTrue(backwards.err().contains("must be before --to"), backwards.err());
        var missing = run(learn("--capture", "/no/such/capture.bin"));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such readable file"), missing.err());
        Path typo = Files.writeString(dir.resolve("typo.conf"), "path /srv = BINARY\npath /data = HOMES\n");
        var badAlphabet = run(learn("--alphabet", typo.toString()));
        assertEquals(2, badAlphabet.exit());
        assertTrue(badAlphabet.err().contains("--alphabet " + typo + ":2: unknown path class 'HOMES'"), badAlphabet.err());
        var noAlphabet = run(learn("--alphabet", "/no/such/alphabet.conf"));
        assertEquals(2, noAlphabet.exit());
        assertTrue(noAlphabet.err().contains("cannot read alphabet configuration"), noAlphabet.err());
        var containerWithoutCapture = run(learn("--container", "42=web"));
        assertEquals(2, containerWithoutCapture.exit());
        assertTrue(containerWithoutCapture.err().contains("--container only applies to --capture"), containerWithoutCapture.err());
    }
}
