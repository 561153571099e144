package io.yalas.schemas;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Since Kafka 4.0 a client may fetch OAuth tokens (SASL/OAUTHBEARER) only from URLs and files listed in the JVM's
 * system properties {@code org.apache.kafka.sasl.oauthbearer.allowed.urls} and {@code ...allowed.files}, empty by
 * default: the guard is for platforms that run client configurations written by others (CVE-2025-27817). The
 * configurations YALAS's clients use are the operator's own ({@code --kafka-config}, the shipper's file), so the
 * token endpoints and files they name are allowed in this JVM rather than asking for a JVM flag. A Flink cluster's
 * task managers are other JVMs: there the flag is needed (README).
 */
public final class OAuthBearerAllowList {
    static final String ALLOWED_URLS = "org.apache.kafka.sasl.oauthbearer.allowed.urls";
    static final String ALLOWED_FILES = "org.apache.kafka.sasl.oauthbearer.allowed.files";
    private static final String PREFIX = "sasl.oauthbearer.";

    private OAuthBearerAllowList() {
    }

    /**
     * Adds every {@code sasl.oauthbearer.*.url} (an http(s) URL, or a {@code file:} URL's file) and
     * {@code sasl.oauthbearer.*.file} value of {@code settings} to what Kafka's clients in this JVM may read.
     */
    public static synchronized void allowNamedIn(Map<String, String> settings) {
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            String value = e.getValue().trim();
            if (!key.startsWith(PREFIX) || value.isEmpty()) {
                continue;
            }
            if (key.endsWith(".url")) {
                if (value.regionMatches(true, 0, "file:", 0, 5)) {
                    fileOf(value).ifPresent(file -> add(ALLOWED_FILES, file));
                } else {
                    add(ALLOWED_URLS, value);
                }
            } else if (key.endsWith(".file")) {
                add(ALLOWED_FILES, new File(value).getAbsolutePath());
            }
        }
    }

    /** Kafka checks a {@code file:} URL by its path made absolute. */
    private static Optional<String> fileOf(String url) {
        try {
            String path = new URI(url).getRawPath();
            return path == null ? Optional.empty() : Optional.of(new File(path).getAbsolutePath());
        } catch (URISyntaxException e) {
            // Kafka's own check reports the malformed URL by its setting's name.
            return Optional.empty();
        }
    }

    private static void add(String property, String value) {
        Set<String> allowed = Arrays.stream(System.getProperty(property, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toCollection(LinkedHashSet::new));
        if (allowed.add(value)) {
            System.setProperty(property, String.join(",", allowed));
        }
    }
}
