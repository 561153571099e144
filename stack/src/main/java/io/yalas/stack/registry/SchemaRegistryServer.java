package io.yalas.stack.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The Confluent Schema Registry REST protocol over the JDK's HTTP server: enough of it for Confluent's
 * client, Flink SQL's {@code avro-confluent} format and YALAS's own serializers. Only Avro schemas.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;

    private SchemaRegistryServer(SchemaRegistry registry, HttpServer server, ExecutorService executor) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
    }

    public static SchemaRegistryServer start(SchemaRegistry registry, String bindHost, int port) throws IOException {
        return start(registry, bindHost, port, new Authentication.None(), Optional.empty());
    }

    /** Which requests the registry answers, as a secured Confluent registry decides. */
    public sealed interface Authentication {
        /** Every request: the embedded stack's registry, on loopback. */
        record None() implements Authentication {
        }

        /** Requests with HTTP basic authentication as {@code userInfo} ({@code user:password}). */
        record Basic(String userInfo) implements Authentication {
        }

        /**
         * Requests with a bearer token {@code accepts} takes, as a registry behind an OAuth identity provider; with a
         * logical cluster, only requests that name it in the {@code target-sr-cluster} header, as Confluent Cloud's.
         */
        record Bearer(Predicate<String> accepts, Optional<String> logicalCluster) implements Authentication {
        }
    }

    /**
     * How the registry serves https, as a registry behind a private authority's certificate does.
     *
     * @param context                the server's key (and, to check client certificates, trust) material
     * @param needClientCertificate  whether a client must show a certificate the context trusts (mutual TLS)
     */
    public record Tls(SSLContext context, boolean needClientCertificate) {
    }

    /** A registry that answers only what {@code authentication} lets through, serving https when {@code tls} is given. */
    public static SchemaRegistryServer start(SchemaRegistry registry, String bindHost, int port, Authentication authentication,
                                             Optional<Tls> tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(bindHost, port);
        HttpServer server;
        if (tls.isPresent()) {
            HttpsServer https = HttpsServer.create(address, 64);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.get().context()) {
                @Override
                public void configure(HttpsParameters parameters) {
                    SSLParameters ssl = tls.get().context().getDefaultSSLParameters();
                    ssl.setNeedClientAuth(tls.get().needClientCertificate());
                    parameters.setSSLParameters(ssl);
                }
            });
            server = https;
        } else {
            server = HttpServer.create(address, 64);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "schema-registry-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        SchemaRegistryServer registryServer = new SchemaRegistryServer(registry, server, executor);
        server.createContext("/", exchange -> registryServer.handle(exchange, authentication));
        server.start();
        return registryServer;
    }

    public String url() {
        InetSocketAddress address = server.getAddress();
        return (server instanceof HttpsServer ? "https://" : "http://") + address.getHostString() + ":" + address.getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange, Authentication authentication) throws IOException {
        try (exchange) {
            Optional<String> refusal = refusal(exchange, authentication);
            if (refusal.isPresent()) {
                // As Confluent's registry answers: clients read the reason from a JSON body, not from the status alone.
                exchange.getResponseHeaders().set("WWW-Authenticate",
                        (authentication instanceof Authentication.Bearer ? "Bearer" : "Basic") + " realm=\"schema-registry\"");
                respond(exchange, 401, error(401, refusal.get()));
                return;
            }
            try {
                Object answer = route(exchange.getRequestMethod(), pathSegments(exchange), exchange);
                if (answer instanceof String raw) {
                    respond(exchange, 200, raw);
                } else {
                    respond(exchange, 200, JSON.writeValueAsString(answer));
                }
            } catch (RegistryException e) {
                respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
            } catch (JsonProcessingException e) {
                respond(exchange, 400, error(400, "Malformed JSON body: " + e.getOriginalMessage()));
            } catch (RuntimeException e) {
                respond(exchange, 500, error(50001, "Internal error: " + e));
            }
        }
    }

    private Object route(String method, List<String> p, HttpExchange exchange) throws IOException {
        int n = p.size();
        String first = n > 0 ? p.get(0) : "";
        switch (first) {
            case "" -> {
                return JSON.createObjectNode();
            }
            case "schemas" -> {
                if (n == 2 && p.get(1).equals("types") && method.equals("GET")) {
                    return List.of("AVRO");
                }
                if (n >= 3 && p.get(1).equals("ids") && method.equals("GET")) {
                    int id = parseId(p.get(2));
                    if (n == 3) {
                        return JSON.createObjectNode().put("schema", registry.schemaById(id));
                    }
                    if (n == 4 && p.get(3).equals("schema")) {
                        return registry.schemaById(id);
                    }
                    if (n == 4 && p.get(3).equals("versions")) {
                        ArrayNode out = JSON.createArrayNode();
                        registry.versionsOfId(id).forEach(r -> out.addObject().put("subject", r.subject()).put("version", r.version()));
                        return out;
                    }
                    if (n == 4 && p.get(3).equals("subjects")) {
                        return registry.versionsOfId(id).stream().map(SchemaRegistry.Registered::subject).distinct().toList();
                    }
                }
            }
            case "subjects" -> {
                if (n == 1 && method.equals("GET")) {
                    return registry.subjects();
                }
                String subject = n > 1 ? p.get(1) : null;
                if (n == 2 && method.equals("POST")) {
                    return registered(registry.lookup(subject, schemaOf(exchange)));
                }
                if (n == 2 && method.equals("DELETE")) {
                    return registry.deleteSubject(subject);
                }
                if (n == 3 && p.get(2).equals("versions") && method.equals("GET")) {
                    return registry.versions(subject);
                }
                if (n == 3 && p.get(2).equals("versions") && method.equals("POST")) {
                    return JSON.createObjectNode().put("id", registry.register(subject, schemaOf(exchange)));
                }
                if (n == 4 && p.get(2).equals("versions") && method.equals("GET")) {
                    return registered(registry.version(subject, p.get(3)));
                }
                if (n == 4 && p.get(2).equals("versions") && method.equals("DELETE")) {
                    return registry.deleteVersion(subject, p.get(3));
                }
                if (n == 5 && p.get(2).equals("versions") && p.get(4).equals("schema") && method.equals("GET")) {
                    return registry.version(subject, p.get(3)).schema();
                }
            }
            case "config" -> {
                String subject = n == 2 ? p.get(1) : null;
                if (n <= 2 && method.equals("GET")) {
                    if (subject == null) {
                        return JSON.createObjectNode().put("compatibilityLevel", registry.globalCompatibility().name());
                    }
                    boolean defaultToGlobal = "true".equals(queryParam(exchange, "defaultToGlobal"));
                    CompatibilityLevel level = registry.subjectCompatibility(subject)
                            .or(() -> defaultToGlobal ? java.util.Optional.of(registry.globalCompatibility()) : java.util.Optional.empty())
                            .orElseThrow(() -> RegistryException.subjectCompatibilityNotConfigured(subject));
                    return JSON.createObjectNode().put("compatibilityLevel", level.name());
                }
                if (n <= 2 && method.equals("PUT")) {
                    JsonNode body = body(exchange);
                    CompatibilityLevel level = CompatibilityLevel.parse(body.path("compatibility").asText(null));
                    registry.setCompatibility(subject, level);
                    return JSON.createObjectNode().put("compatibility", level.name());
                }
            }
            case "compatibility" -> {
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions") && method.equals("POST")) {
                    boolean ok = registry.isCompatible(p.get(2), p.get(4), schemaOf(exchange));
                    return JSON.createObjectNode().put("is_compatible", ok);
                }
                if (n == 4 && p.get(1).equals("subjects") && p.get(3).equals("versions") && method.equals("POST")) {
                    boolean ok = registry.isCompatible(p.get(2), "latest", schemaOf(exchange));
                    return JSON.createObjectNode().put("is_compatible", ok);
                }
            }
            default -> {
            }
        }
        throw new RegistryException(404, 404, "HTTP " + method + " /" + String.join("/", p) + " not found");
    }

    private static ObjectNode registered(SchemaRegistry.Registered r) {
        return JSON.createObjectNode().put("subject", r.subject()).put("version", r.version())
                .put("id", r.id()).put("schema", r.schema());
    }

    private static String schemaOf(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw RegistryException.invalidSchema("schemaType " + type + " is not supported; this registry holds Avro only");
        }
        JsonNode references = body.path("references");
        if (references.isArray() && references.size() > 0) {
            throw RegistryException.invalidSchema("schema references are not supported");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryException.invalidSchema("the request body has no \"schema\" string");
        }
        return schema.asText();
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new RegistryException(413, 413, "request body larger than " + MAX_BODY_BYTES + " bytes");
            }
            JsonNode node = JSON.readTree(bytes.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : bytes);
            if (node == null || !node.isObject()) {
                throw new RegistryException(400, 400, "request body must be a JSON object");
            }
            return node;
        }
    }

    private static List<String> pathSegments(HttpExchange exchange) {
        String raw = exchange.getRequestURI().getRawPath();
        return Arrays.stream(raw.split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    }

    private static String queryParam(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("with id " + text);
        }
    }

    /** Why the request is not answered, if it is not. */
    private static Optional<String> refusal(HttpExchange exchange, Authentication authentication) {
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        if (authentication instanceof Authentication.Basic basic) {
            String expected = "Basic " + Base64.getEncoder().encodeToString(basic.userInfo().getBytes(StandardCharsets.UTF_8));
            // Equal time for every wrong guess: the comparison must not tell how much of it was right.
            return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))
                    ? Optional.empty() : Optional.of("Unauthorized");
        }
        if (authentication instanceof Authentication.Bearer bearer) {
            if (given == null || !given.startsWith("Bearer ") || !bearer.accepts().test(given.substring(7))) {
                return Optional.of("Unauthorized");
            }
            String cluster = exchange.getRequestHeaders().getFirst("target-sr-cluster");
            return bearer.logicalCluster().isEmpty() || bearer.logicalCluster().get().equals(cluster) ? Optional.empty()
                    : Optional.of("no logical cluster " + (cluster == null ? "named (target-sr-cluster header)" : cluster) + " for this token");
        }
        return Optional.empty();
    }

    private static String error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
