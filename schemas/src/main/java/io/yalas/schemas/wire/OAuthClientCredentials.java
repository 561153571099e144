package io.yalas.schemas.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from an OAuth identity provider by the client-credentials grant (RFC 6749 section 4.4), as
 * Confluent's clients get them with {@code bearer.auth.credentials.source=OAUTHBEARER}. A token is kept until
 * {@code expiryBuffer} before it expires (from the answer's {@code expires_in}, else the JWT's {@code exp}); a token
 * the registry refuses is dropped at once, so a revoked token costs one retry rather than a failure. The identity
 * provider's certificate is checked against the JVM's trust, as Confluent's clients do.
 */
public final class OAuthClientCredentials implements BearerTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI issuer;
    private final String clientId;
    private final String clientSecret;
    private final Optional<String> scope;
    private final Duration expiryBuffer;
    private final Map<String, String> routingHeaders;
    /** Made at the first fetch: a connection's description builds one of these and must not start a client's threads. */
    private HttpClient http;
    private String token;
    private Instant renewAt = Instant.MIN;

    OAuthClientCredentials(URI issuer, String clientId, String clientSecret, Optional<String> scope, Duration expiryBuffer,
                           Map<String, String> routingHeaders) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = scope;
        this.expiryBuffer = expiryBuffer;
        this.routingHeaders = Map.copyOf(routingHeaders);
    }

    @Override
    public synchronized String token() {
        if (token == null || !Instant.now().isBefore(renewAt)) {
            Instant asked = Instant.now();
            JsonNode answer = fetch();
            token = answer.path("access_token").asText("");
            if (token.isEmpty()) {
                token = null;
                throw new SchemaRegistryException("OAuth token endpoint " + issuer + " (" + ISSUER + ") answered without an access_token", null);
            }
            renewAt = renewalTime(asked, answer);
        }
        return token;
    }

    @Override
    public synchronized boolean refused(String refused) {
        if (refused.equals(token)) {
            token = null;
        }
        return true;
    }

    @Override
    public Map<String, String> routingHeaders() {
        return routingHeaders;
    }

    @Override
    public String refusalHint() {
        return "the OAuth token issued to client " + clientId + " by " + issuer + " (" + CLIENT_ID + ", " + SCOPE + ")";
    }

    /**
     * Renew {@code expiryBuffer} before expiry, but never before half the token's life has passed: a provider that
     * issues short-lived tokens would otherwise be asked before every request. Without an expiry the token is kept
     * until the registry refuses it.
     */
    private Instant renewalTime(Instant asked, JsonNode answer) {
        long expiresIn = answer.path("expires_in").asLong(-1);
        Optional<Instant> expiry = expiresIn > 0 ? Optional.of(asked.plusSeconds(expiresIn)) : jwtExpiry(token);
        if (expiry.isEmpty()) {
            return Instant.MAX;
        }
        Duration life = Duration.between(asked, expiry.get());
        Instant early = expiry.get().minus(expiryBuffer);
        Instant half = asked.plus(life.dividedBy(2));
        return early.isAfter(half) ? early : half;
    }

    private static Optional<Instant> jwtExpiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").canConvertToLong() ? Optional.of(Instant.ofEpochSecond(claims.path("exp").asLong())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private JsonNode fetch() {
        String form = "grant_type=client_credentials" + scope.map(s -> "&scope=" + encode(s)).orElse("");
        // RFC 6749 2.3.1: id and secret are form-encoded before they are joined for basic authentication.
        String basic = Base64.getEncoder().encodeToString((encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(issuer)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("OAuth token endpoint " + issuer + " (" + ISSUER + ") cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while asking " + issuer + " for an OAuth token", e);
        }
        JsonNode json;
        try {
            json = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            json = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 != 2) {
            String reason = json.path("error").asText("") + (json.hasNonNull("error_description") ? ": " + json.path("error_description").asText() : "");
            throw new SchemaRegistryException("OAuth token endpoint " + issuer + " refused client " + clientId + " (HTTP " + response.statusCode()
                    + (reason.isEmpty() ? "" : ", " + reason) + "); check " + CLIENT_ID + ", " + CLIENT_SECRET + " and " + SCOPE, null);
        }
        if (!json.isObject()) {
            throw new SchemaRegistryException("OAuth token endpoint " + issuer + " (" + ISSUER + ") did not answer with a JSON token", null);
        }
        return json;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Never the secret or the token. */
    @Override
    public String toString() {
        return "OAuth client " + clientId + " via " + issuer;
    }
}
