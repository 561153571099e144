package io.yalas.model.alphabet;

import io.yalas.model.alphabet.PathClassifier.PathClass;
import io.yalas.model.alphabet.PathClassifier.Rule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The event alphabet's classifier configuration as a text file, read by {@code yalas learn --alphabet}
 * and stored, fully written out, in every model learned with it:
 *
 * <pre>
 * # keep the built-in path rules (default true); false = only the path lines below
 * default-paths = true
 * # path PREFIX = CLASS: longest matching prefix wins; a line for a built-in prefix replaces its class
 * path /srv/app = BINARY
 * path /var/lib/app = HOME
 * well-known-max = 1023     # ports up to here are services
 * ephemeral-min = 32768     # ports from here are client-side ephemeral ports
 * small-max = 512           # transfers up to here are SMALL
 * medium-max = 65536        # up to here MEDIUM, above LARGE
 * </pre>
 *
 * Classes are {@code SYSTEM_CONFIG, BINARY, PROC_SYS, HOME, TEMP, DEVICE, OTHER}. {@code #} starts a
 * comment; unknown keys, repeated keys or prefixes, relative prefixes and bad numbers are errors naming
 * the line, so a typo never silently falls back on a default.
 */
public final class AlphabetConfig {
    private static final String DEFAULT_PATHS = "default-paths";
    private static final String WELL_KNOWN_MAX = "well-known-max";
    private static final String EPHEMERAL_MIN = "ephemeral-min";
    private static final String SMALL_MAX = "small-max";
    private static final String MEDIUM_MAX = "medium-max";
    private static final Set<String> NUMBER_KEYS = Set.of(WELL_KNOWN_MAX, EPHEMERAL_MIN, SMALL_MAX, MEDIUM_MAX);

    private AlphabetConfig() {
    }

    /** Reads a configuration file. */
    public static EventAlphabet read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read alphabet configuration: " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    /**
     * Parses configuration lines; {@code source} names them in errors.
     *
     * @throws IllegalArgumentException naming the source and line of the first problem
     */
    public static EventAlphabet parse(String source, List<String> lines) {
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, PathClass> paths = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String where = source + ":" + (i + 1);
            String line = stripComment(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": expected 'key = value' or 'path PREFIX = CLASS', got '" + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (key.startsWith("path ") || key.startsWith("path\t")) {
                String prefix = key.substring(5).strip();
                if (!prefix.startsWith("/") || prefix.contains(" ")) {
                    throw new IllegalArgumentException(where + ": a path prefix must be absolute and without spaces, got '" + prefix + "'");
                }
                if (paths.put(prefix, pathClass(where, value)) != null) {
                    throw new IllegalArgumentException(where + ": path prefix '" + prefix + "' given twice");
                }
            } else if (key.equals(DEFAULT_PATHS) || NUMBER_KEYS.contains(key)) {
                if (settings.put(key, value) != null) {
                    throw new IllegalArgumentException(where + ": '" + key + "' set twice");
                }
                if (key.equals(DEFAULT_PATHS) && !value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(where + ": " + DEFAULT_PATHS + " must be true or false, got '" + value + "'");
                }
                if (NUMBER_KEYS.contains(key)) {
                    number(where, key, value);
                }
            } else {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' (known: path PREFIX, " + DEFAULT_PATHS + ", "
                        + String.join(", ", List.of(WELL_KNOWN_MAX, EPHEMERAL_MIN, SMALL_MAX, MEDIUM_MAX)) + ")");
            }
        }
        List<Rule> rules = new ArrayList<>();
        if (!"false".equals(settings.get(DEFAULT_PATHS))) {
            for (Rule r : PathClassifier.DEFAULT.rules()) {
                PathClass override = paths.remove(r.prefix());
                rules.add(override == null ? r : new Rule(r.prefix(), override));
            }
        }
        paths.forEach((prefix, c) -> rules.add(new Rule(prefix, c)));
        try {
            SocketClassifier sockets = new SocketClassifier(
                    (int) value(settings, WELL_KNOWN_MAX, SocketClassifier.DEFAULT.wellKnownMax()),
                    (int) value(settings, EPHEMERAL_MIN, SocketClassifier.DEFAULT.ephemeralMin()));
            OutcomeClassifier outcomes = new OutcomeClassifier(value(settings, SMALL_MAX, OutcomeClassifier.DEFAULT.smallMax()),
                    value(settings, MEDIUM_MAX, OutcomeClassifier.DEFAULT.mediumMax()));
            return new EventAlphabet(new PathClassifier(rules), sockets, outcomes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The configuration written out in full (no reliance on built-in defaults, which a later release may
     * change): what a model stores, and what {@link #parse} turns back into an equal alphabet.
     */
    public static String format(EventAlphabet alphabet) {
        StringBuilder b = new StringBuilder(DEFAULT_PATHS).append(" = false\n");
        for (Rule r : alphabet.paths().rules()) {
            b.append("path ").append(r.prefix()).append(" = ").append(r.pathClass().name()).append('\n');
        }
        b.append(WELL_KNOWN_MAX).append(" = ").append(alphabet.sockets().wellKnownMax()).append('\n');
        b.append(EPHEMERAL_MIN).append(" = ").append(alphabet.sockets().ephemeralMin()).append('\n');
        b.append(SMALL_MAX).append(" = ").append(alphabet.outcomes().smallMax()).append('\n');
        b.append(MEDIUM_MAX).append(" = ").append(alphabet.outcomes().mediumMax()).append('\n');
        return b.toString();
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return (hash >= 0 ? line.substring(0, hash) : line).strip();
    }

    private static PathClass pathClass(String where, String value) {
        try {
            PathClass c = PathClass.valueOf(value.toUpperCase(Locale.ROOT));
            if (c != PathClass.NONE) {
                return c;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below, with the valid names
        }
        Set<String> valid = new HashSet<>();
        Arrays.stream(PathClass.values()).filter(c -> c != PathClass.NONE).forEach(c -> valid.add(c.name()));
        throw new IllegalArgumentException(where + ": unknown path class '" + value + "' (one of " + String.join(", ", valid.stream().sorted().toList()) + ")");
    }

    private static long number(String where, String key, String value) {
        try {
            long v = Long.parseLong(value);
            if (v < 0 || (key.equals(WELL_KNOWN_MAX) || key.equals(EPHEMERAL_MIN)) && v > 65536) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + key + " must be a non-negative integer"
                    + (key.equals(WELL_KNOWN_MAX) || key.equals(EPHEMERAL_MIN) ? " up to 65536" : "") + ", got '" + value + "'");
        }
    }

    private static long value(Map<String, String> settings, String key, long fallback) {
        String v = settings.get(key);
        return v == null ? fallback : Long.parseLong(v);
    }
}
