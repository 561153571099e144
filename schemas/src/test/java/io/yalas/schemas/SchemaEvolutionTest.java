package io.yalas.schemas;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every schema must stay BACKWARD compatible with each released version kept in {@code schemas/released/}:
 * consumers upgraded first must still read what not-yet-upgraded shippers write.
 */
class SchemaEvolutionTest {
    static final Path RELEASED = Path.of("released");

    static Map<String, Schema> current() {
        return Map.of(
                SyscallEvent.getClassSchema().getFullName(), SyscallEvent.getClassSchema(),
                Alert.getClassSchema().getFullName(), Alert.getClassSchema(),
                HostStats.getClassSchema().getFullName(), HostStats.getClassSchema(),
                ProcessRef.getClassSchema().getFullName(), ProcessRef.getClassSchema(),
                BehaviorModel.getClassSchema().getFullName(), BehaviorModel.getClassSchema(),
                RuleExceptionSet.getClassSchema().getFullName(), RuleExceptionSet.getClassSchema());
    }

    /** Parses one release's files with one parser, shared types first, as the build does. */
    static Map<String, Schema> release(Path dir) throws IOException {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new HashMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".avsc"))
                    .sorted((a, b) -> Boolean.compare(!isShared(a), !isShared(b))).toList();
        }
        for (Path file : files) {
            Schema schema = parser.parse(file.toFile());
            schemas.put(schema.getFullName(), schema);
        }
        return schemas;
    }

    private static boolean isShared(Path file) {
        return file.getFileName().toString().equals("ProcessRef.avsc");
    }

    @Test
    void currentSchemasReadEveryReleasedVersion() throws IOException {
        Map<String, Schema> current = current();
        List<Path> releases;
        try (Stream<Path> s = Files.list(RELEASED)) {
            releases = s.filter(Files::isDirectory).toList();
        }
        assertFalse(releases.isEmpty(), "no released schema versions found under " + RELEASED.toAbsolutePath());
        int checked = 0;
        for (Path release : releases) {
            for (Map.Entry<String, Schema> old : release(release).entrySet()) {
                Schema now = current.get(old.getKey());
                assertTrue(now != null, old.getKey() + " of release " + release.getFileName() + " was removed");
                var result = SchemaCompatibility.checkReaderWriterCompatibility(now, old.getValue());
                assertEquals(SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE, result.getType(),
                        old.getKey() + " is not backward compatible with release " + release.getFileName() + ": "
                                + result.getResult().getIncompatibilities());
                checked++;
            }
        }
        assertTrue(checked >= 5, "expected at least the five 0.1.0 schemas, checked " + checked);
    }

    @Test
    void theCheckCatchesABreakingChange() {
        Schema released = SyscallEvent.getClassSchema();
        String broken = released.toString().replace("{\"name\":\"count\",\"type\":\"int\",\"doc\":\"How many kernel events this row stands for.\",\"default\":1}",
                "{\"name\":\"count\",\"type\":\"int\"},{\"name\":\"brand_new\",\"type\":\"string\"}");
        Schema changed = new Schema.Parser().parse(broken);
        assertEquals(SchemaCompatibility.SchemaCompatibilityType.INCOMPATIBLE,
                SchemaCompatibility.checkReaderWriterCompatibility(changed, released).getType(),
                "a new required field without a default must be flagged");
    }
}
