package io.yalas.stack.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

import java.util.List;
import java.util.Locale;

/** Confluent's compatibility levels, checked with Avro's own schema-resolution rules. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    public static CompatibilityLevel parse(String text) {
        if (text == null) {
            throw RegistryException.invalidCompatibility("null");
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibility(text);
        }
    }

    /**
     * Null when {@code candidate} may follow {@code earlier} (oldest first) under this level, otherwise a
     * description of the first incompatibility found.
     */
    public String violation(Schema candidate, List<Schema> earlier) {
        if (earlier.isEmpty() || this == NONE) {
            return null;
        }
        List<Schema> checked = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        for (Schema previous : checked) {
            if (newReadsOld) {
                String problem = problem(candidate, previous);
                if (problem != null) {
                    return "new schema cannot read data written with an earlier one: " + problem;
                }
            }
            if (oldReadsNew) {
                String problem = problem(previous, candidate);
                if (problem != null) {
                    return "an earlier schema cannot read data written with the new one: " + problem;
                }
            }
        }
        return null;
    }

    private static String problem(Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getResult().getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .findFirst().orElse(result.getDescription());
    }
}
