package io.yalas.schemas.wire;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a registry client gets the bearer token it sends in place of basic credentials, as Confluent's clients
 * name the ways with {@code bearer.auth.credentials.source}: a fixed token ({@code STATIC_TOKEN}) or tokens an OAuth
 * identity provider issues to the client for its id and secret ({@code OAUTHBEARER}, the client-credentials grant).
 * A registry that serves several logical registries (Confluent Cloud) is told which one with
 * {@code bearer.auth.logical.cluster} and {@code bearer.auth.identity.pool.id}, sent as headers.
 */
public sealed interface BearerTokens permits BearerTokens.Static, OAuthClientCredentials {
    String PREFIX = "bearer.auth.";
    String SOURCE = PREFIX + "credentials.source";
    String TOKEN = PREFIX + "token";
    String ISSUER = PREFIX + "issuer.endpoint.url";
    String CLIENT_ID = PREFIX + "client.id";
    String CLIENT_SECRET = PREFIX + "client.secret";
    String SCOPE = PREFIX + "scope";
    String EXPIRY_BUFFER = PREFIX + "cache.expiry.buffer.seconds";
    String LOGICAL_CLUSTER = PREFIX + "logical.cluster";
    String IDENTITY_POOL = PREFIX + "identity.pool.id";
    /** The bearer settings a registry client takes, under Confluent's names. */
    Set<String> SETTINGS = Set.of(SOURCE, TOKEN, ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPE, EXPIRY_BUFFER, LOGICAL_CLUSTER, IDENTITY_POOL);
    /** Confluent's default: a token is renewed five minutes before it expires. */
    Duration DEFAULT_EXPIRY_BUFFER = Duration.ofMinutes(5);

    /** The token to send now: for OAuth, a cached one while it is fresh, else one fetched from the identity provider. */
    String token();

    /**
     * The registry refused {@code token}.
     *
     * @return whether asking again with {@link #token()} may help: a fresh OAuth token may, a fixed one never does
     */
    boolean refused(String token);

    /** The headers naming the logical registry and identity pool, when given. */
    Map<String, String> routingHeaders();

    /** Which setting to check when the registry refuses the token, for messages. */
    String refusalHint();

    /** A fixed token, as {@code bearer.auth.token} gives it. */
    record Static(String value, Map<String, String> routingHeaders) implements BearerTokens {
        public Static {
            routingHeaders = Map.copyOf(routingHeaders);
        }

        @Override
        public String token() {
            return value;
        }

        @Override
        public boolean refused(String token) {
            return false;
        }

        @Override
        public String refusalHint() {
            return "the bearer token given (" + TOKEN + ")";
        }

        /** Never the token itself. */
        @Override
        public String toString() {
            return "static bearer token";
        }
    }

    /**
     * Checks that the bearer settings (and only those) fit together as Confluent's clients take them.
     *
     * @throws IllegalArgumentException naming the setting that is missing, misplaced or malformed
     */
    static void validate(Map<String, String> bearer) {
        if (bearer.isEmpty()) {
            return;
        }
        String source = bearer.get(SOURCE);
        if (source == null) {
            throw new IllegalArgumentException("schema registry settings " + String.join(", ", new TreeSet<>(bearer.keySet()))
                    + " need " + SOURCE + " (STATIC_TOKEN or OAUTHBEARER)");
        }
        Set<String> allowed;
        Set<String> required;
        switch (source) {
            case "STATIC_TOKEN" -> {
                allowed = Set.of(SOURCE, TOKEN, LOGICAL_CLUSTER, IDENTITY_POOL);
                required = Set.of(TOKEN);
            }
            case "OAUTHBEARER" -> {
                allowed = Set.of(SOURCE, ISSUER, CLIENT_ID, CLIENT_SECRET, SCOPE, EXPIRY_BUFFER, LOGICAL_CLUSTER, IDENTITY_POOL);
                required = Set.of(ISSUER, CLIENT_ID, CLIENT_SECRET);
            }
            case "SASL_OAUTHBEARER_INHERIT", "CUSTOM" -> throw new IllegalArgumentException(SOURCE + "=" + source
                    + " is not supported: give the registry's own STATIC_TOKEN or OAUTHBEARER settings");
            default -> throw new IllegalArgumentException(SOURCE + " must be STATIC_TOKEN or OAUTHBEARER, got '" + source + "'");
        }
        for (String key : new TreeSet<>(bearer.keySet())) {
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException(key + " does not go with " + SOURCE + "=" + source);
            }
        }
        for (String key : new TreeSet<>(required)) {
            if (!bearer.containsKey(key)) {
                throw new IllegalArgumentException(SOURCE + "=" + source + " needs " + key);
            }
        }
        if (bearer.containsKey(ISSUER)) {
            issuer(bearer.get(ISSUER));
        }
        if (bearer.containsKey(EXPIRY_BUFFER)) {
            expiryBuffer(bearer.get(EXPIRY_BUFFER));
        }
    }

    /** The token source the settings describe; empty without bearer settings. */
    static Optional<BearerTokens> of(Map<String, String> bearer) {
        validate(bearer);
        if (bearer.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> headers = new TreeMap<>();
        Optional.ofNullable(bearer.get(LOGICAL_CLUSTER)).ifPresent(v -> headers.put("target-sr-cluster", v));
        Optional.ofNullable(bearer.get(IDENTITY_POOL)).ifPresent(v -> headers.put("Confluent-Identity-Pool-Id", v));
        if (bearer.get(SOURCE).equals("STATIC_TOKEN")) {
            return Optional.of(new Static(bearer.get(TOKEN), headers));
        }
        return Optional.of(new OAuthClientCredentials(issuer(bearer.get(ISSUER)), bearer.get(CLIENT_ID), bearer.get(CLIENT_SECRET),
                Optional.ofNullable(bearer.get(SCOPE)), Optional.ofNullable(bearer.get(EXPIRY_BUFFER)).map(BearerTokens::expiryBuffer)
                .orElse(DEFAULT_EXPIRY_BUFFER), headers));
    }

    private static URI issuer(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException(ISSUER + " must be an http(s)://host[:port]/path URL without credentials, got " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(ISSUER + " is not a URL: " + url, e);
        }
    }

    private static Duration expiryBuffer(String seconds) {
        try {
            long value = Long.parseLong(seconds.trim());
            if (value < 0 || value > 86_400) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(EXPIRY_BUFFER + " must be a number of seconds from 0 to 86400, got '" + seconds + "'");
        }
    }
}
