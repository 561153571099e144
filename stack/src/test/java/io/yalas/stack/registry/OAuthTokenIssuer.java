package io.yalas.stack.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth identity provider's token endpoint for one client (the client-credentials grant of RFC 6749), issuing
 * RS256-signed JWTs ({@code sub}, {@code iat}, {@code exp}) as Kafka's and Confluent's clients expect, and serving
 * its key as a JWKS document ({@link #jwksUrl}) so that a Kafka broker can check them. A registry started with
 * {@link #accepts} takes only the tokens it issued that have not expired or been revoked. Every path under
 * {@link #url} answers as the endpoint does, so that clients can be given different URLs of it.
 */
public final class OAuthTokenIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_ID = "yalas-test-key";

    private final String clientId;
    private final String clientSecret;
    private final Duration lifetime;
    private final HttpServer server;
    private final Map<String, Instant> valid = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final KeyPair key = rsaKey();

    private OAuthTokenIssuer(String clientId, String clientSecret, Duration lifetime) throws IOException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.lifetime = lifetime;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/oauth2/token", this::handle);
        server.createContext("/oauth2/jwks", this::jwks);
        server.start();
    }

    public static OAuthTokenIssuer start(String clientId, String clientSecret, Duration lifetime) throws IOException {
        return new OAuthTokenIssuer(clientId, clientSecret, lifetime);
    }

    /** The token endpoint, for {@code bearer.auth.issuer.endpoint.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/token";
    }

    /** The signing key as a JWKS document, for a broker's {@code sasl.oauthbearer.jwks.endpoint.url}. */
    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks";
    }

    /** Whether a registry should take {@code token}: issued here, not expired, not revoked. */
    public boolean accepts(String token) {
        Instant expiry = valid.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    /** How many tokens were issued so far. */
    public int issued() {
        return issued.get();
    }

    /** Every token issued so far stops being accepted, as when a provider rotates its keys. */
    public void revokeAll() {
        valid.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                respond(exchange, 405, error("invalid_request", "POST only"));
                return;
            }
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (!"client_credentials".equals(form.get("grant_type"))) {
                respond(exchange, 400, error("unsupported_grant_type", "only client_credentials"));
                return;
            }
            String[] client = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
            if (client == null || !client[0].equals(clientId) || !client[1].equals(clientSecret)) {
                respond(exchange, 401, error("invalid_client", "client authentication failed"));
                return;
            }
            Instant now = Instant.now();
            String token = jwt(now, form.getOrDefault("scope", ""));
            valid.put(token, now.plus(lifetime));
            issued.incrementAndGet();
            respond(exchange, 200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                    .put("expires_in", lifetime.toSeconds()).toString());
        }
    }

    private String jwt(Instant now, String scope) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        ObjectNode claims = JSON.createObjectNode().put("sub", clientId).put("iat", now.getEpochSecond())
                .put("exp", now.plus(lifetime).getEpochSecond()).put("jti", "token-" + issued.get());
        if (!scope.isEmpty()) {
            // Confluent's clients refuse a token whose scope claim is empty; providers leave it out.
            claims.put("scope", scope);
        }
        String signed = base64.encodeToString(("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            RSAPublicKey pub = (RSAPublicKey) key.getPublic();
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            ObjectNode jwk = JSON.createObjectNode().put("kty", "RSA").put("use", "sig").put("alg", "RS256").put("kid", KEY_ID)
                    .put("n", base64.encodeToString(unsigned(pub.getModulus()))).put("e", base64.encodeToString(unsigned(pub.getPublicExponent())));
            ObjectNode document = JSON.createObjectNode();
            document.putArray("keys").add(jwk);
            respond(exchange, 200, document.toString());
        }
    }

    /** A JWK's numbers are unsigned big-endian, without the sign byte Java adds. */
    private static byte[] unsigned(BigInteger n) {
        byte[] bytes = n.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] basicCredentials(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {urlDecode(decoded.substring(0, colon)), urlDecode(decoded.substring(colon + 1))};
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(urlDecode(pair.substring(0, eq)), urlDecode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String urlDecode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String error(String code, String description) {
        return JSON.createObjectNode().put("error", code).put("error_description", description).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
