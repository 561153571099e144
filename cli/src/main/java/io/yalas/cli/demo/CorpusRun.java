package io.yalas.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded run of the scenario corpus, as its manifest describes it.
 *
 * @param kind            learn, production or attack
 * @param containers      cgroup id -> container id: a capture carries only cgroup ids
 * @param attackStartNs   wall-clock start of the attack (ns), for attacks
 * @param attackEndNs     wall-clock end of the attack (ns), for attacks
 */
public record CorpusRun(String run, String service, String kind, Path file, long records, Map<Long, String> containers,
                        String attackName, String attackLabel, List<String> mitre, long attackStartNs, long attackEndNs) {

    public boolean isLearn() {
        return kind.equals("learn");
    }

    public boolean isAttack() {
        return kind.equals("attack");
    }

    public boolean isBenign() {
        return kind.equals("production");
    }

    /** Reads {@code manifest.json} of a corpus directory; missing files and bad entries are clear errors. */
    public static List<CorpusRun> load(Path corpusDir) throws IOException {
        Path manifest = corpusDir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("no scenario corpus at " + corpusDir.toAbsolutePath() + " (expected manifest.json there)");
        }
        JsonNode root = new ObjectMapper().readTree(manifest.toFile());
        List<CorpusRun> runs = new ArrayList<>();
        for (JsonNode r : root.path("runs")) {
            String name = text(r, "run", manifest);
            Path file = corpusDir.resolve(text(r, "file", manifest));
            if (!Files.isRegularFile(file)) {
                throw new IOException("manifest " + manifest + " lists " + file.getFileName() + " for run " + name + ", but the file is missing");
            }
            Map<Long, String> containers = new LinkedHashMap<>();
            for (JsonNode c : r.path("cgroups")) {
                if (c.hasNonNull("container_id")) {
                    containers.put(c.path("cgroup_id").asLong(), c.get("container_id").asText());
                }
            }
            JsonNode attack = r.path("attack");
            List<String> mitre = new ArrayList<>();
            attack.path("mitre").forEach(m -> mitre.add(m.asText()));
            runs.add(new CorpusRun(name, text(r, "service", manifest), text(r, "kind", manifest), file, r.path("records").asLong(),
                    containers, attack.path("name").asText(null), attack.path("label").asText(null), mitre,
                    attack.path("start_realtime_ns").asLong(0), attack.path("end_realtime_ns").asLong(0)));
        }
        if (runs.isEmpty()) {
            throw new IOException("manifest " + manifest + " lists no runs");
        }
        return runs;
    }

    private static String text(JsonNode r, String field, Path manifest) throws IOException {
        JsonNode v = r.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IOException("manifest " + manifest + ": a run has no '" + field + "'");
        }
        return v.asText();
    }
}
