package io.yalas.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.decode.KernelRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every corpus file parses completely with the shipper's reader and matches its manifest entry. */
class CorpusParseTest {

    static Stream<JsonNode> runs() {
        return Corpus.runs().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void parsesCompletelyWithTheManifestCounts(JsonNode run) {
        Corpus.Recording rec = Corpus.read(run.get("file").asText());
        String name = run.get("run").asText();
        assertNull(rec.error(), name + ": reader error");
        assertEquals(0, rec.malformed(), name + " malformed");
        assertEquals(0, rec.unknown(), name + " unknown types");
        assertEquals(0, rec.lostBytes(), name + " lost bytes");
        assertEquals(run.get("records").asLong(), rec.records().size(), name + " records");
        assertEquals(run.get("kernel").asText(), rec.kernel());
        assertEquals(run.get("hostname").asText(), rec.hostname());

        Map<String, Long> expected = new TreeMap<>();
        run.get("families").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));
        assertEquals(expected, rec.families(), name + " families");

        Map<String, Long> perCgroup = new TreeMap<>();
        for (KernelRecord r : rec.records()) {
            perCgroup.merge(Long.toString(r.cgroupId()), 1L, Long::sum);
        }
        Map<String, Long> expectedCg = new TreeMap<>();
        run.get("records_per_cgroup").fields().forEachRemaining(e -> expectedCg.put(e.getKey(), e.getValue().asLong()));
        assertEquals(expectedCg, perCgroup, name + " records per cgroup");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theServiceIsExecutedInsideItsContainerCgroup(JsonNode run) {
        Corpus.Recording rec = Corpus.read(run.get("file").asText());
        long cg = containerCgroup(run);
        String entry = run.get("service").asText().equals("webapp") ? "/srv/webapp/app.py" : "/usr/bin/redis-server";
        boolean found = rec.records().stream().anyMatch(r -> r.type() == Abi.REC_EXEC && r.cgroupId() == cg
                && r.argv() != null && r.argv().contains(entry));
        assertTrue(found, run.get("run").asText() + ": exec of " + entry + " in cgroup " + cg);
        long first = rec.records().stream().filter(r -> r.cgroupId() == cg).mapToLong(KernelRecord::tsNs).min().orElseThrow();
        long ws = run.get("workload").get("start_boot_ns").asLong();
        assertTrue(first < ws, "the capture starts before the service");
    }

    static long containerCgroup(JsonNode run) {
        for (JsonNode cg : run.get("cgroups")) {
            if (!cg.get("container_id").isNull()) {
                return cg.get("cgroup_id").asLong();
            }
        }
        throw new AssertionError("no container cgroup");
    }
}
