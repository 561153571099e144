package io.yalas.schemas.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Talks the Confluent Schema Registry REST protocol over the JDK's HTTP client and caches answers:
 * ids never change meaning, so every lookup after the first is local. Credentials in the URL
 * ({@link RegistryUrl}) are sent as HTTP basic authentication, a {@link BearerTokens} token as bearer
 * authentication; neither is ever shown.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI baseUri;
    private final Optional<String> authorization;
    private final Optional<BearerTokens> bearer;
    private final boolean trustGiven;
    private final boolean clientCertificateGiven;
    private final HttpClient http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public HttpSchemaRegistryClient(String baseUrl) {
        this(RegistryConnection.plain(baseUrl));
    }

    /** @throws IllegalArgumentException when the connection's key or trust store cannot be read */
    public HttpSchemaRegistryClient(RegistryConnection connection) {
        RegistryUrl url = connection.address();
        String base = url.base().toString();
        this.baseUri = URI.create(base.endsWith("/") ? base : base + "/");
        this.authorization = url.authorization();
        this.bearer = connection.bearerTokens();
        this.trustGiven = connection.tls().containsKey("ssl.truststore.location");
        this.clientCertificateGiven = connection.tls().containsKey("ssl.keystore.location");
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        connection.sslContext().ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString());
        JsonNode answer = send("POST", "subjects/" + encode(subject) + "/versions", body.toString());
        int id = answer.path("id").asInt(-1);
        if (id < 0) {
            throw new SchemaRegistryException(200, -1, "registry answered without an id: " + answer);
        }
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = send("GET", "schemas/ids/" + id, null);
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    private JsonNode send(String method, String path, String body) {
        if (bearer.isEmpty()) {
            return send(method, path, body, authorization);
        }
        String token = bearer.get().token();
        try {
            return send(method, path, body, Optional.of("Bearer " + token));
        } catch (SchemaRegistryException e) {
            // An OAuth token revoked or expired early: one fresh token, one more try.
            if (e.httpStatus() == 401 && bearer.get().refused(token)) {
                return send(method, path, body, Optional.of("Bearer " + bearer.get().token()));
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, String body, Optional<String> credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", CONTENT_TYPE);
        credentials.ifPresent(value -> request.header("Authorization", value));
        bearer.ifPresent(b -> b.routingHeaders().forEach(request::header));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLHandshakeException e) {
            throw new SchemaRegistryException("schema registry at " + baseUri + ": TLS handshake failed (" + e.getMessage() + ")"
                    + (trustGiven ? "" : "; a registry certificate from a private authority needs a trust store that holds it"
                    + " (schema.registry.ssl.truststore.location)"), e);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new SchemaRegistryException("schema registry at " + baseUri + " is unreachable: " + e.getMessage(), e);
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException("schema registry at " + baseUri + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            // A registry that wants a client certificate drops a TLS 1.3 connection without one only once it is up.
            throw new SchemaRegistryException("schema registry at " + baseUri + " closed the connection without answering: "
                    + e.getMessage() + (baseUri.getScheme().equals("https") && !clientCertificateGiven
                    ? "; if it asks for a client certificate, name one with schema.registry.ssl.keystore.location" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry", e);
        }
        JsonNode json = parse(response.body());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            String said = json.path("message").asText("");
            throw new SchemaRegistryException(response.statusCode(), -1, "schema registry at " + baseUri
                    + (bearer.isPresent() ? " refused " + bearer.get().refusalHint()
                    : authorization.isEmpty() ? " needs credentials (basic.auth.user.info, https://USER:PASSWORD@host in the URL, or bearer.auth.*)"
                    : " refused the credentials given")
                    + (said.isEmpty() || said.equalsIgnoreCase("Unauthorized") ? "" : " (it says: " + said + ")"));
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(response.statusCode(), json.path("error_code").asInt(-1),
                    json.path("message").asText(response.body()));
        }
        return json;
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode().put("message", body);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
