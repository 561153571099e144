package io.yalas.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The manifest describes exactly the files of corpus/, and every field the demo relies on is valid. */
class ManifestTest {
    private static final Set<String> KINDS = Set.of("learn", "production", "attack");

    static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void everyListedFileExistsWithItsChecksumAndNothingElseIsInTheCorpus() throws Exception {
        Set<String> listed = new TreeSet<>();
        for (JsonNode run : Corpus.runs()) {
            String file = run.get("file").asText();
            assertTrue(listed.add(file), "listed twice: " + file);
            Path p = Corpus.DIR.resolve(file);
            assertTrue(Files.isRegularFile(p), "missing: " + p);
            byte[] b = Files.readAllBytes(p);
            assertEquals(run.get("sha256").asText(), sha256(b), file + " sha256");
            assertEquals(run.get("bytes").asLong(), b.length, file + " size");
        }
        Set<String> present;
        try (Stream<Path> s = Files.list(Corpus.DIR)) {
            present = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ycap.lz4"))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(listed, present, "capture files in corpus/ vs manifest");
    }

    @Test
    void kindsLabelsAndTimesAreValid() {
        Set<String> runs = new HashSet<>();
        for (JsonNode run : Corpus.runs()) {
            String name = run.get("run").asText();
            assertTrue(runs.add(name), "run listed twice: " + name);
            String kind = run.get("kind").asText();
            assertTrue(KINDS.contains(kind), name + ": kind " + kind);
            assertEquals(run.get("service").asText() + "/" + name, run.get("scenario").asText());
            assertTrue(run.get("records").asLong() > 0, name);
            assertFalse(run.get("kernel").asText().isEmpty(), name + " kernel");
            assertTrue(run.get("recorded_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), name);
            JsonNode drops = run.get("drops");
            assertEquals(0, drops.get("ring_full").asLong() + drops.get("bad_tail").asLong(), name + " drops");
            assertEquals(0, drops.get("seq_gaps").asLong(), name + " seq gaps");
            long ws = run.get("workload").get("start_boot_ns").asLong();
            long we = run.get("workload").get("end_boot_ns").asLong();
            assertTrue(ws < we, name + " workload window");
            JsonNode a = run.get("attack");
            if (!kind.equals("attack")) {
                assertTrue(a == null || a.isNull(), name + ": only attack runs carry an attack label");
                continue;
            }
            assertNotNull(a, name + ": attack label");
            assertFalse(a.get("label").asText().isBlank(), name);
            assertEquals(name, run.get("service").asText() + "-" + a.get("name").asText());
            assertTrue(a.get("mitre").size() > 0, name + " mitre");
            a.get("mitre").forEach(m -> assertTrue(m.asText().matches("T\\d{4}(\\.\\d{3})?"), name + " " + m));
            assertEquals("CLOCK_BOOTTIME", a.get("clock").asText());
            long s = a.get("start_boot_ns").asLong();
            long e = a.get("end_boot_ns").asLong();
            assertTrue(ws <= s && s < e && e <= we, name + ": attack window inside the workload");
            assertTrue(a.get("end_realtime_ns").asLong() - a.get("start_realtime_ns").asLong() > 0, name);
            assertTrue(a.get("root_pid").asInt() > 0, name + " root pid");
            assertFalse(a.get("root_comm").asText().isEmpty(), name + " root comm");
            a.get("evidence").forEach(ev ->
                    assertTrue(ev.get("count").asLong() >= ev.get("min").asLong(), name + ": " + ev));
        }
    }

    @Test
    void cgroupMapNamesEachServiceAsADockerContainer() throws Exception {
        for (JsonNode run : Corpus.runs()) {
            String svc = run.get("service").asText();
            String cid = sha256(("yalas-scenario-" + svc).getBytes(StandardCharsets.UTF_8));
            int containers = 0;
            Set<Long> ids = new HashSet<>();
            for (JsonNode cg : run.get("cgroups")) {
                assertTrue(ids.add(cg.get("cgroup_id").asLong()), "cgroup id twice");
                if (cg.get("container_id").isNull()) {
                    assertEquals("host", cg.get("service").asText());
                    continue;
                }
                containers++;
                assertEquals(cid, cg.get("container_id").asText(), run.get("run").asText());
                assertEquals(svc, cg.get("service").asText());
                assertEquals("/system.slice/docker-" + cid + ".scope", cg.get("path").asText());
                assertTrue(run.get("records_per_cgroup").get(cg.get("cgroup_id").asText()).asLong() > 0);
            }
            assertEquals(1, containers, run.get("run").asText());
        }
    }

    @Test
    void everyServiceHasLearnProductionAndAttackRuns() {
        Map<String, Set<String>> kinds = new HashMap<>();
        for (JsonNode run : Corpus.runs()) {
            kinds.computeIfAbsent(run.get("service").asText(), k -> new HashSet<>()).add(run.get("kind").asText());
        }
        assertTrue(kinds.size() >= 2, "at least two services: " + kinds.keySet());
        kinds.forEach((svc, k) -> assertEquals(KINDS, k, svc));
    }

    @Test
    void corpusStaysSmall() throws IOException {
        long total = 0;
        for (JsonNode run : Corpus.runs()) {
            total += Files.size(Corpus.DIR.resolve(run.get("file").asText()));
        }
        assertTrue(total < 8L << 20, "corpus is " + total + " bytes");
    }
}
