package io.yalas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job on real recorded data, cut to one service so the suite stays fast: the web service's
 * learning run, one held-back benign production run and one attack, through the whole demo path
 * (shipper replay, Flink learn, promote, Flink detect, grading).
 */
class DemoCommandTest {
    static final Path CORPUS = Path.of("..", "scenarios", "corpus");

    /** A corpus directory holding only {@code runs} of the real one. */
    static Path subset(Path dir, Set<String> runs) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) json.readTree(CORPUS.resolve("manifest.json").toFile());
        ArrayNode kept = json.createArrayNode();
        for (JsonNode run : manifest.get("runs")) {
            if (runs.contains(run.get("run").asText())) {
                kept.add(run);
                Files.createSymbolicLink(dir.resolve(run.get("file").asText()), CORPUS.resolve(run.get("file").asText()).toAbsolutePath());
            }
        }
        assertEquals(runs.size(), kept.size(), "runs missing from the corpus manifest");
        manifest.set("runs", kept);
        json.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        return dir;
    }

    @Test
    void learnsPromotesAndCatchesTheAttackWithoutFalseAlarms(@TempDir Path corpus, @TempDir Path data) throws Exception {
        subset(corpus, Set.of("webapp-learn", "webapp-prod-a", "webapp-cmdinj-shadow"));
        var run = YalasCommandTest.run("demo", "--corpus", corpus.toString(), "--data-dir", data.toString());
        assertEquals(0, run.exit(), run.err() + run.out());
        List<String> lines = run.out().lines().toList();
        JsonNode summary = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertEquals(1, summary.get("attacks").asInt(), run.out());
        assertEquals(1, summary.get("attacks_detected").asInt(), run.out());
        assertEquals(1, summary.get("benign_runs").asInt());
        assertEquals(0, summary.get("false_alarms").asInt(), run.out());
        assertTrue(summary.get("events").asLong() > 1000);
        assertTrue(summary.get("kafka_bytes").asLong() > 0);
        assertTrue(run.out().contains("DETECTED webapp-cmdinj-shadow"), run.out());
        assertTrue(run.out().contains("rule:credential-access"), run.out());
        assertTrue(run.out().contains("model webapp container"), "the service is profiled as its container: " + run.out());
    }

    @Test
    void aMissingCorpusIsAClearError(@TempDir Path empty, @TempDir Path data) {
        var run = YalasCommandTest.run("demo", "--corpus", empty.toString(), "--data-dir", data.toString());
        assertNotEquals(0, run.exit());
        assertTrue(run.err().contains("no scenario corpus at"), run.err());
    }
}
