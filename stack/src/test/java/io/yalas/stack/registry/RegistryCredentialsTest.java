package io.yalas.stack.registry;

import io.yalas.schemas.Alert;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.SchemaRegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry behind HTTP basic authentication, as Confluent Cloud's is: YALAS's client with and without the right credentials. */
class RegistryCredentialsTest {
    static SchemaRegistryServer server;
    static String host;

    @BeforeAll
    static void start() throws Exception {
        server = SchemaRegistryServer.start(new SchemaRegistry(List.of(), e -> { }), "127.0.0.1", 0,
                new SchemaRegistryServer.Authentication.Basic("yalas:p@ss:word"), Optional.empty());
        host = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theRightCredentialsInTheUrlAreSentAsBasicAuthentication() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient("http://yalas:p%40ss%3Aword@" + host);
        int id = client.register("yalas.alerts-value", Alert.getClassSchema());
        assertEquals(Alert.getClassSchema(), new HttpSchemaRegistryClient("http://yalas:p%40ss%3Aword@" + host + "/").getById(id));
    }

    @Test
    void missingOrWrongCredentialsAreNamedAndThePasswordIsNotShown() {
        SchemaRegistryException none = assertThrows(SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient("http://" + host).register("s-value", Alert.getClassSchema()));
        assertTrue(none.getMessage().contains("needs credentials") && none.getMessage().contains("HTTP 401"), none.getMessage());

        SchemaRegistryException wrong = assertThrows(SchemaRegistryException.class,
                () -> new HttpSchemaRegistryClient("http://yalas:guess@" + host).getById(1));
        assertTrue(wrong.getMessage().contains("refused the credentials"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains("guess"), wrong.getMessage());
    }
}
