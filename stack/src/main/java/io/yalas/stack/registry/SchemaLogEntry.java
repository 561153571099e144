package io.yalas.stack.registry;

/** One durable change to the registry, replayed in order to rebuild its state after a restart. */
public sealed interface SchemaLogEntry {
    /** A schema registered under a subject as a version; {@code deleted} marks a soft delete. */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements SchemaLogEntry {
    }

    /** Compatibility level for one subject, or the global default when {@code subject} is null. */
    record Config(String subject, CompatibilityLevel level) implements SchemaLogEntry {
    }
}
