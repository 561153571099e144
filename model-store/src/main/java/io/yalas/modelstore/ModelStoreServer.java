package io.yalas.modelstore;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.Topics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The model store's HTTP API (JSON):
 * <pre>
 *   GET  /models                              profiles with their versions
 *   GET  /models/{profile}                    versions of one profile
 *   GET  /models/{profile}/{version}          one version's summary; version may be "latest" or "enforcing"
 *   GET  /models/{profile}/{version}/seccomp  the OCI seccomp profile of that version
 *   GET  /diff?a={profile@version}&b={...}     divergence and readable differences
 *   POST /models/{profile}/{version}/promote  make it the enforcing version; ?require_ready=true: 409 unless learning is complete
 *   POST /models/{profile}/{version}/retire
 *   GET  /health                              "ok", or "degraded" with the offsets of records that are not models
 * </pre>
 * Profiles are URL-encoded path segments (an executable path such as /usr/sbin/nginx becomes %2Fusr%2Fsbin%2Fnginx).
 * <p>
 * With a write token, promote and retire need {@code Authorization: Bearer <token>} (401 otherwise): retiring the
 * enforcing model turns anomaly detection off for its profile, so whoever reaches the API must not be able to do it.
 * Reads stay open to dashboards and seccomp export.
 */
public final class ModelStoreServer implements AutoCloseable {
    private final ModelStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Optional<byte[]> expectedAuthorization;

    private ModelStoreServer(ModelStore store, HttpServer server, ExecutorService executor, Optional<String> writeToken) {
        this.store = store;
        this.expectedAuthorization = writeToken.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
        this.server = server;
        this.executor = executor;
    }

    public static ModelStoreServer start(ModelStore store, String host, int port) throws IOException {
        return start(store, host, port, Optional.empty());
    }

    /** @param writeToken when present, the bearer token promote and retire require */
    public static ModelStoreServer start(ModelStore store, String host, int port, Optional<String> writeToken) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 32);
        ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "model-store-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        ModelStoreServer s = new ModelStoreServer(store, server, executor, writeToken);
        server.createContext("/", s::handle);
        server.start();
        return s;
    }

    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !mayWrite(exchange)) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"yalas-model-store\"");
                respond(exchange, 401, error("promote and retire need the model store's write token (Authorization: Bearer ...)"));
                return;
            }
            try {
                store.refresh();
                Object answer = route(exchange);
                respond(exchange, 200, answer instanceof String s ? s : ModelViews.JSON.writeValueAsString(answer));
            } catch (ModelStoreException e) {
                respond(exchange, e.status(), error(e.getMessage()));
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                respond(exchange, 500, error("internal error: " + e));
            }
        }
    }

    private Object route(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        List<String> p = Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        int n = p.size();
        if (n == 1 && p.get(0).equals("diff") && method.equals("GET")) {
            Map<String, String> q = query(exchange);
            String a = q.get("a");
            String b = q.get("b");
            if (a == null || b == null) {
                throw new ModelStoreException(400, "diff needs both a=PROFILE@VERSION and b=PROFILE@VERSION");
            }
            return ModelViews.diffJson(store.resolve(a), store.resolve(b));
        }
        if (n == 1 && p.get(0).equals("health") && method.equals("GET")) {
            // 200 either way: the store serves what it can read; monitoring decides what "degraded" means to it.
            ObjectNode health = ModelViews.JSON.createObjectNode();
            health.put("status", store.unreadableOffsets().isEmpty() ? "ok" : "degraded");
            health.put("profiles", store.profiles().size());
            ArrayNode unreadable = health.putArray("unreadable_records");
            store.unreadableOffsets().forEach(unreadable::add);
            return health;
        }
        if (n == 0 || !p.get(0).equals("models")) {
            throw new ModelStoreException(404, "no such resource: " + exchange.getRequestURI().getPath());
        }
        if (n == 1 && method.equals("GET")) {
            ArrayNode out = ModelViews.JSON.createArrayNode();
            for (String profile : store.profiles()) {
                ObjectNode o = out.addObject().put("profile", profile);
                ArrayNode versions = o.putArray("versions");
                store.versions(profile).forEach(m -> versions.addObject().put("version", m.getModelVersion()).put("state", m.getState().name()));
            }
            return out;
        }
        String profile = p.get(1);
        if (n == 2 && method.equals("GET")) {
            ArrayNode out = ModelViews.JSON.createArrayNode();
            store.versions(profile).forEach(m -> out.add(ModelViews.summary(m)));
            return out;
        }
        if (n >= 3) {
            String version = p.get(2);
            if (n == 3 && method.equals("GET")) {
                return ModelViews.summary(store.resolve(profile + "@" + version));
            }
            if (n == 4 && p.get(3).equals("seccomp") && method.equals("GET")) {
                BehaviorModel model = store.resolve(profile + "@" + version);
                WatchedSyscalls watched = store.watchedWhileLearning(model, Topics.STATS);
                watched.note().ifPresent(note -> System.err.println("note: " + model.getProfile() + "@"
                        + model.getModelVersion() + ": " + note));
                return SeccompExport.toJson(model, watched);
            }
            if (n == 4 && p.get(3).equals("promote") && method.equals("POST")) {
                return ModelViews.summary(store.promote(key(profile, version), "true".equals(query(exchange).get("require_ready"))));
            }
            if (n == 4 && p.get(3).equals("retire") && method.equals("POST")) {
                return ModelViews.summary(store.retire(key(profile, version)));
            }
        }
        throw new ModelStoreException(n >= 3 && List.of("promote", "retire", "seccomp").contains(p.get(n - 1)) ? 405 : 404,
                method + " " + exchange.getRequestURI().getPath() + " is not supported");
    }

    private static ModelKey key(String profile, String version) {
        try {
            return new ModelKey(profile, Long.parseLong(version));
        } catch (NumberFormatException e) {
            throw new ModelStoreException(400, "version must be a number, got '" + version + "'");
        }
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> out = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private boolean mayWrite(HttpExchange exchange) {
        if (expectedAuthorization.isEmpty()) {
            return true;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        // Equal time for every wrong guess: the comparison must not tell how much of the token was right.
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expectedAuthorization.get());
    }

    private static String error(String message) {
        return ModelViews.JSON.createObjectNode().put("error", message).toString();
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
        executor.shutdownNow();
    }
}
