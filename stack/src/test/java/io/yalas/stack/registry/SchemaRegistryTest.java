package io.yalas.stack.registry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaRegistryTest {
    static final String V1 = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
    static final String V2_ADDS_DEFAULTED = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\",\"default\":\"x\"}]}";
    static final String V2_ADDS_REQUIRED = "{\"type\":\"record\",\"name\":\"E\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},"
            + "{\"name\":\"b\",\"type\":\"string\"}]}";

    private final List<SchemaLogEntry> log = new ArrayList<>();
    private final SchemaRegistry registry = new SchemaRegistry(List.of(), log::add);

    @Test
    void registersVersionsWithGlobalIds() {
        int id1 = registry.register("s-value", V1);
        int id2 = registry.register("s-value", V2_ADDS_DEFAULTED);
        assertNotEquals(id1, id2);
        assertEquals(List.of(1, 2), registry.versions("s-value"));
        assertEquals(id2, registry.version("s-value", "latest").id());
        // The same schema under another subject keeps its global id.
        assertEquals(id1, registry.register("other-value", V1));
    }

    @Test
    void reRegisteringTheSameSchemaWritesNothing() {
        int id = registry.register("s", V1);
        int logged = log.size();
        assertEquals(id, registry.register("s", V1.replace(":", " : ")));
        assertEquals(logged, log.size());
    }

    @Test
    void incompatibleSchemaIsRefusedAndNotStored() {
        registry.register("s", V1);
        int logged = log.size();
        RegistryException e = assertThrows(RegistryException.class, () -> registry.register("s", V2_ADDS_REQUIRED));
        assertEquals(409, e.httpStatus());
        assertEquals(409, e.errorCode());
        assertEquals(logged, log.size());
        assertEquals(List.of(1), registry.versions("s"));
    }

    @Test
    void compatibilityLevelIsHonouredPerSubject() {
        registry.register("s", V1);
        registry.setCompatibility("s", CompatibilityLevel.NONE);
        registry.register("s", V2_ADDS_REQUIRED);
        assertEquals(List.of(1, 2), registry.versions("s"));
        assertTrue(registry.isCompatible("s", "latest", V2_ADDS_REQUIRED));
    }

    @Test
    void forwardCompatibilityChecksTheOldReader() {
        registry.setCompatibility(null, CompatibilityLevel.FORWARD);
        registry.register("s", V2_ADDS_DEFAULTED);
        // Removing a field that old readers default is forward compatible; the reverse direction is checked.
        registry.register("s", V1);
        assertEquals(CompatibilityLevel.FORWARD, registry.globalCompatibility());
    }

    @Test
    void badInputGetsConfluentErrorCodes() {
        assertEquals(42201, assertThrows(RegistryException.class, () -> registry.register("s", "{not json")).errorCode());
        assertEquals(42201, assertThrows(RegistryException.class, () -> registry.register("s", "")).errorCode());
        assertEquals(40401, assertThrows(RegistryException.class, () -> registry.versions("nope")).errorCode());
        assertEquals(40403, assertThrows(RegistryException.class, () -> registry.schemaById(99)).errorCode());
        registry.register("s", V1);
        assertEquals(40402, assertThrows(RegistryException.class, () -> registry.version("s", "7")).errorCode());
        assertEquals(42202, assertThrows(RegistryException.class, () -> registry.version("s", "zero")).errorCode());
        assertEquals(40403, assertThrows(RegistryException.class, () -> registry.lookup("s", V2_ADDS_DEFAULTED)).errorCode());
        assertEquals(42203, assertThrows(RegistryException.class, () -> CompatibilityLevel.parse("SIDEWAYS")).errorCode());
        assertEquals(1, log.size());
    }

    @Test
    void failedPersistenceLeavesNoState() {
        SchemaRegistry broken = new SchemaRegistry(List.of(), e -> {
            throw RegistryException.storeError("disk on fire", null);
        });
        assertThrows(RegistryException.class, () -> broken.register("s", V1));
        assertTrue(broken.subjects().isEmpty());
    }

    @Test
    void replayRebuildsIdenticalState() {
        registry.register("a", V1);
        registry.register("a", V2_ADDS_DEFAULTED);
        registry.register("b", V2_ADDS_DEFAULTED);
        registry.setCompatibility("b", CompatibilityLevel.FULL);
        registry.deleteVersion("a", "1");

        SchemaRegistry replayed = new SchemaRegistry(log, e -> { });
        assertEquals(registry.subjects(), replayed.subjects());
        assertEquals(List.of(2), replayed.versions("a"));
        assertEquals(registry.version("b", "latest"), replayed.version("b", "latest"));
        assertEquals(CompatibilityLevel.FULL, replayed.subjectCompatibility("b").orElseThrow());
        // A new schema after replay gets a fresh id, never a reused one.
        int next = replayed.register("c", "{\"type\":\"record\",\"name\":\"F\",\"fields\":[]}");
        assertFalse(List.of(registry.version("a", "2").id(), registry.version("b", "1").id()).contains(next));
    }

    @Test
    void logEntriesRoundTripThroughTheirJsonForm() {
        SchemaLogEntry schema = new SchemaLogEntry.SchemaVersion("s", 3, 7, V1, true);
        SchemaLogEntry config = new SchemaLogEntry.Config(null, CompatibilityLevel.FULL_TRANSITIVE);
        assertEquals(schema, KafkaSchemaLog.decode(KafkaSchemaLog.encode(schema)));
        assertEquals(config, KafkaSchemaLog.decode(KafkaSchemaLog.encode(config)));
        assertThrows(RegistryException.class, () -> KafkaSchemaLog.decode("garbage"));
    }
}
