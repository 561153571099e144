package io.yalas.stack.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The registry's rules: subjects, versions, global ids, compatibility. Schemas are stored in Avro's
 * normalized JSON form, so the same schema written with other whitespace or field order of attributes
 * gets the same id. Every change is first written
 * through {@code persist} and only then applied, so a failed write leaves nothing half-stored; the
 * same entries replayed on start rebuild identical ids and versions.
 */
public final class SchemaRegistry {
    /** A registered version as the REST API shows it. */
    public record Registered(String subject, int version, int id, String schema) {
    }

    private final Consumer<SchemaLogEntry> persist;
    private final Map<String, TreeMap<Integer, SchemaLogEntry.SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    public SchemaRegistry(Iterable<SchemaLogEntry> history, Consumer<SchemaLogEntry> persist) {
        history.forEach(this::apply);
        this.persist = persist;
    }

    public synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        for (SchemaLogEntry.SchemaVersion existing : live) {
            if (existing.schema().equals(canonical)) {
                return existing.id();
            }
        }
        List<Schema> earlier = live.stream().map(v -> parse(v.schema())).toList();
        String violation = compatibility(subject).violation(schema, earlier);
        if (violation != null) {
            throw RegistryException.incompatible(violation);
        }
        int id = idsByCanonical.getOrDefault(canonical, maxId + 1);
        TreeMap<Integer, SchemaLogEntry.SchemaVersion> versions = subjects.get(subject);
        int version = versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
        write(new SchemaLogEntry.SchemaVersion(subject, version, id, canonical, false));
        return id;
    }

    public synchronized Registered lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        String canonical = schema.toString();
        return live.stream().filter(v -> v.schema().equals(canonical)).findFirst()
                .map(SchemaRegistry::registered)
                .orElseThrow(() -> RegistryException.schemaNotFound("not registered under subject '" + subject + "'"));
    }

    public synchronized String schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryException.schemaNotFound("with id " + id);
        }
        return schema;
    }

    public synchronized List<Registered> versionsOfId(int id) {
        schemaById(id);
        List<Registered> found = new ArrayList<>();
        subjects.values().forEach(vs -> vs.values().stream().filter(v -> !v.deleted() && v.id() == id)
                .map(SchemaRegistry::registered).forEach(found::add));
        return found;
    }

    public synchronized List<String> subjects() {
        return subjects.keySet().stream().filter(s -> !liveVersions(s).isEmpty()).toList();
    }

    public synchronized List<Integer> versions(String subject) {
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return live.stream().map(SchemaLogEntry.SchemaVersion::version).toList();
    }

    /** {@code version} is a positive number or "latest" (also accepted as -1, as Confluent does). */
    public synchronized Registered version(String subject, String version) {
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        int wanted = parseVersion(version);
        if (wanted == -1) {
            return registered(live.get(live.size() - 1));
        }
        return live.stream().filter(v -> v.version() == wanted).findFirst().map(SchemaRegistry::registered)
                .orElseThrow(() -> RegistryException.versionNotFound(subject, version));
    }

    public synchronized List<Integer> deleteSubject(String subject) {
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<Integer> deleted = new ArrayList<>();
        for (SchemaLogEntry.SchemaVersion v : live) {
            write(new SchemaLogEntry.SchemaVersion(v.subject(), v.version(), v.id(), v.schema(), true));
            deleted.add(v.version());
        }
        return deleted;
    }

    public synchronized int deleteVersion(String subject, String version) {
        Registered target = version(subject, version);
        write(new SchemaLogEntry.SchemaVersion(subject, target.version(), target.id(), target.schema(), true));
        return target.version();
    }

    public synchronized boolean isCompatible(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        List<SchemaLogEntry.SchemaVersion> live = liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        List<Schema> earlier;
        if (parseVersion(version) == -1) {
            earlier = live.stream().map(v -> parse(v.schema())).toList();
        } else {
            earlier = List.of(parse(version(subject, version).schema()));
        }
        return compatibility(subject).violation(schema, earlier) == null;
    }

    public synchronized CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    public synchronized void setCompatibility(String subjectOrNull, CompatibilityLevel level) {
        write(new SchemaLogEntry.Config(subjectOrNull, level));
    }

    private CompatibilityLevel compatibility(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<SchemaLogEntry.SchemaVersion> liveVersions(String subject) {
        TreeMap<Integer, SchemaLogEntry.SchemaVersion> versions = subjects.get(subject);
        if (versions == null) {
            return List.of();
        }
        return versions.values().stream().filter(v -> !v.deleted()).toList();
    }

    private void write(SchemaLogEntry entry) {
        persist.accept(entry);
        apply(entry);
    }

    private void apply(SchemaLogEntry entry) {
        if (entry instanceof SchemaLogEntry.SchemaVersion v) {
            subjects.computeIfAbsent(v.subject(), s -> new TreeMap<>()).put(v.version(), v);
            schemasById.putIfAbsent(v.id(), v.schema());
            idsByCanonical.putIfAbsent(v.schema(), v.id());
            maxId = Math.max(maxId, v.id());
        } else if (entry instanceof SchemaLogEntry.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    private static Registered registered(SchemaLogEntry.SchemaVersion v) {
        return new Registered(v.subject(), v.version(), v.id(), v.schema());
    }

    private static int parseVersion(String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(version);
            if (v < 1) {
                throw RegistryException.invalidVersion(version);
            }
            return v;
        } catch (NumberFormatException e) {
            throw RegistryException.invalidVersion(version);
        }
    }

    private static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | NullPointerException e) {
            throw RegistryException.invalidSchema(e.getMessage());
        }
    }
}
