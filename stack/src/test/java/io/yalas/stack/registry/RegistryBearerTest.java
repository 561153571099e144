package io.yalas.stack.registry;

import io.yalas.schemas.Alert;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.RegistryConnection;
import io.yalas.schemas.wire.SchemaRegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry behind bearer authentication, as Confluent Platform with OAuth and Confluent Cloud's are: YALAS's client
 * with a fixed token and with tokens an identity provider issues for a client id and secret.
 */
class RegistryBearerTest {
    private static final String STATIC_TOKEN = "static-token-value";
    static OAuthTokenIssuer issuer;
    static SchemaRegistryServer staticRegistry;
    static SchemaRegistryServer oauthRegistry;

    @BeforeAll
    static void start() throws IOException {
        issuer = OAuthTokenIssuer.start("yalas-client", "client-s3cret", Duration.ofSeconds(2));
        staticRegistry = SchemaRegistryServer.start(new SchemaRegistry(List.of(), e -> { }), "127.0.0.1", 0,
                new SchemaRegistryServer.Authentication.Bearer(STATIC_TOKEN::equals, Optional.empty()), Optional.empty());
        oauthRegistry = SchemaRegistryServer.start(new SchemaRegistry(List.of(), e -> { }), "127.0.0.1", 0,
                new SchemaRegistryServer.Authentication.Bearer(issuer::accepts, Optional.of("lsrc-yalas")), Optional.empty());
    }

    @AfterAll
    static void stop() {
        oauthRegistry.close();
        staticRegistry.close();
        issuer.close();
    }

    private static RegistryConnection oauth(SchemaRegistryServer registry, Map<String, String> changes) {
        Map<String, String> settings = new TreeMap<>(Map.of(
                "bearer.auth.credentials.source", "OAUTHBEARER",
                "bearer.auth.issuer.endpoint.url", issuer.url(),
                "bearer.auth.client.id", "yalas-client",
                "bearer.auth.client.secret", "client-s3cret",
                "bearer.auth.scope", "registry:read registry:write",
                "bearer.auth.logical.cluster", "lsrc-yalas"));
        settings.putAll(changes);
        settings.values().removeIf(String::isEmpty);
        return new RegistryConnection(registry.url(), new TreeMap<>(settings));
    }

    @Test
    void aStaticTokenIsSentAndAWrongOneIsNamedWithoutShowingIt() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(new RegistryConnection(staticRegistry.url(), new TreeMap<>(Map.of(
                "bearer.auth.credentials.source", "STATIC_TOKEN", "bearer.auth.token", STATIC_TOKEN))));
        int id = client.register("yalas.alerts-value", Alert.getClassSchema());
        assertEquals(id, client.register("yalas.alerts-value", Alert.getClassSchema()));

        SchemaRegistryException wrong = assertThrows(SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(
                new RegistryConnection(staticRegistry.url(), new TreeMap<>(Map.of("bearer.auth.credentials.source", "STATIC_TOKEN",
                        "bearer.auth.token", "guessed-token")))).getById(id));
        assertEquals(401, wrong.httpStatus());
        assertTrue(wrong.getMessage().contains("refused the bearer token given (bearer.auth.token)"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("guessed-token"), wrong.getMessage());
    }

    @Test
    void oauthTokensAreFetchedOnceCachedAndRenewedBeforeTheyExpire() throws Exception {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(oauth(oauthRegistry, Map.of()));
        int before = issuer.issued();
        client.register("yalas.events-value", SyscallEvent.getClassSchema());
        client.register("yalas.stats-value", HostStats.getClassSchema());
        assertEquals(before + 1, issuer.issued(), "one token for both requests");

        // Two-second tokens are renewed at half their life, long before Confluent's default five-minute buffer.
        Thread.sleep(1_100);
        client.register("yalas.alerts-value", Alert.getClassSchema());
        assertEquals(before + 2, issuer.issued());
    }

    @Test
    void aRevokedTokenIsReplacedAndTheRequestRetriedOnce() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(oauth(oauthRegistry, Map.of()));
        client.register("revoked-value", Alert.getClassSchema());
        int before = issuer.issued();
        issuer.revokeAll();
        client.register("revoked-again-value", Alert.getClassSchema());
        assertEquals(before + 1, issuer.issued());
    }

    @Test
    void everyOauthFailureNamesTheSettingToCheckAndNoSecret() throws IOException {
        SchemaRegistryException wrongSecret = assertThrows(SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(
                oauth(oauthRegistry, Map.of("bearer.auth.client.secret", "guessed-secret"))).getById(1));
        assertTrue(wrongSecret.getMessage().contains("OAuth token endpoint " + issuer.url() + " refused client yalas-client (HTTP 401, "
                + "invalid_client: client authentication failed); check bearer.auth.client.id, bearer.auth.client.secret"), wrongSecret.getMessage());
        assertFalse(wrongSecret.getMessage().contains("guessed-secret"), wrongSecret.getMessage());

        SchemaRegistryException otherCluster = assertThrows(SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(
                oauth(oauthRegistry, Map.of("bearer.auth.logical.cluster", "lsrc-other"))).getById(1));
        assertTrue(otherCluster.getMessage().contains("refused the OAuth token issued to client yalas-client")
                && otherCluster.getMessage().contains("no logical cluster lsrc-other for this token"), otherCluster.getMessage());

        String gone;
        try (OAuthTokenIssuer stopped = OAuthTokenIssuer.start("c", "s", Duration.ofMinutes(1))) {
            gone = stopped.url();
        }
        SchemaRegistryException unreachable = assertThrows(SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(
                oauth(oauthRegistry, Map.of("bearer.auth.issuer.endpoint.url", gone))).getById(1));
        assertTrue(unreachable.getMessage().contains("OAuth token endpoint " + gone + " (bearer.auth.issuer.endpoint.url) cannot be reached"),
                unreachable.getMessage());

        // A registry that wants tokens and gets none says which settings would give one.
        SchemaRegistryException none = assertThrows(SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient(oauthRegistry.url()).getById(1));
        assertTrue(none.getMessage().contains("needs credentials") && none.getMessage().contains("bearer.auth.*"), none.getMessage());
    }
}
