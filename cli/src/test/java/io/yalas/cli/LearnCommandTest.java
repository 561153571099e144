package io.yalas.cli;

import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
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
        assertTrue(sinceTheRecording.out().contains("v2"), "a second version of each profile: " + sinceTheRecording.out());
    }

    @Test
    void badOptionsAreClearErrors() {
        var notATime = run(learn("--from", "yesterday"));
        assertEquals(2, notATime.exit());
        assertTrue(notATime.err().contains("--from yesterday: not an ISO-8601 instant"), notATime.err());
        var backwards = run(learn("--from", "2026-11-21T10:00:00Z", "--to", "2026-11-21T09:00:00Z"));
        assertEquals(2, backwards.exit());
        assertTrue(backwards.err().contains("must be before --to"), backwards.err());
        var missing = run(learn("--capture", "/no/such/capture.bin"));
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such readable file"), missing.err());
        var containerWithoutCapture = run(learn("--container", "42=web"));
        assertEquals(2, containerWithoutCapture.exit());
        assertTrue(containerWithoutCapture.err().contains("--container only applies to --capture"), containerWithoutCapture.err());
    }
}
