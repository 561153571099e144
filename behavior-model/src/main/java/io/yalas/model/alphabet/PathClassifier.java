package io.yalas.model.alphabet;

import java.io.Serializable;
import java.util.List;

/**
 * Classifies file paths by the longest matching prefix rule. Rules are configuration; the defaults
 * follow the Filesystem Hierarchy Standard: what a deviation touches (config, binaries, kernel
 * interfaces, user data) matters more than the exact file.
 */
public record PathClassifier(List<Rule> rules) implements Serializable {
    private static final long serialVersionUID = 1L;


    /** Object classes of paths; the ordinal is part of the symbol, so only append. */
    public enum PathClass { NONE, SYSTEM_CONFIG, BINARY, PROC_SYS, HOME, TEMP, DEVICE, OTHER }

    /** Paths starting with {@code prefix} (at a '/' boundary) are {@code pathClass}. */
    public record Rule(String prefix, PathClass pathClass) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public static final PathClassifier DEFAULT = new PathClassifier(List.of(
            new Rule("/etc", PathClass.SYSTEM_CONFIG),
            new Rule("/bin", PathClass.BINARY), new Rule("/sbin", PathClass.BINARY),
            new Rule("/usr/bin", PathClass.BINARY), new Rule("/usr/sbin", PathClass.BINARY),
            new Rule("/usr/local/bin", PathClass.BINARY), new Rule("/usr/local/sbin", PathClass.BINARY),
            new Rule("/lib", PathClass.BINARY), new Rule("/lib64", PathClass.BINARY), new Rule("/lib32", PathClass.BINARY),
            new Rule("/usr/lib", PathClass.BINARY), new Rule("/usr/lib64", PathClass.BINARY),
            new Rule("/usr/libexec", PathClass.BINARY), new Rule("/usr/local/lib", PathClass.BINARY),
            new Rule("/opt", PathClass.BINARY),
            new Rule("/proc", PathClass.PROC_SYS), new Rule("/sys", PathClass.PROC_SYS),
            new Rule("/home", PathClass.HOME), new Rule("/root", PathClass.HOME),
            new Rule("/tmp", PathClass.TEMP), new Rule("/var/tmp", PathClass.TEMP), new Rule("/dev/shm", PathClass.TEMP),
            new Rule("/run/user", PathClass.TEMP),
            new Rule("/dev", PathClass.DEVICE)));

    public PathClassifier {
        rules = List.copyOf(rules);
    }

    public PathClass classify(String path) {
        if (path == null || path.isEmpty()) {
            return PathClass.NONE;
        }
        String p = normalize(path);
        Rule best = null;
        for (Rule r : rules) {
            if (matches(p, r.prefix()) && (best == null || r.prefix().length() > best.prefix().length())) {
                best = r;
            }
        }
        return best == null ? PathClass.OTHER : best.pathClass();
    }

    /** Collapses repeated slashes ("/etc//localtime", as the sensor may report it). */
    private static String normalize(String path) {
        return path.replaceAll("/{2,}", "/");
    }

    private static boolean matches(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/'
                || prefix.endsWith("/"));
    }
}
