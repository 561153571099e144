package io.yalas.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.yalas.schemas.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * There is no Docker engine on the development machine, so the compose file is checked for what can go
 * wrong without running it: pinned images whose versions match the build, consistent addresses, free ports.
 */
class ComposeFileTest {
    static JsonNode compose;
    static JsonNode services;
    static String parentPom;

    @BeforeAll
    static void load() throws IOException {
        Path root = Path.of("..");
        compose = new ObjectMapper(new YAMLFactory()).readTree(root.resolve("docker-compose.yml").toFile());
        services = compose.get("services");
        parentPom = Files.readString(root.resolve("pom.xml"));
    }

    static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(parentPom);
        assertTrue(m.find(), name);
        return m.group(1);
    }

    @Test
    void everyImageIsPinnedAndMatchesTheBuild() {
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            String image = service.getValue().path("image").asText();
            assertTrue(image.matches("[a-z0-9./-]+:[A-Za-z0-9._-]+"), service.getKey() + " image not pinned: " + image);
            assertFalse(image.endsWith(":latest"), service.getKey());
        }
        assertEquals("apache/kafka:" + pomProperty("kafka.version"), services.get("kafka").get("image").asText());
        String flink = "flink:" + pomProperty("flink.version") + "-java17";
        assertEquals(flink, services.get("jobmanager").get("image").asText());
        assertEquals(flink, services.get("taskmanager").get("image").asText());
    }

    @Test
    void kafkaRunsKraftAndEveryClientUsesItsAdvertisedAddress() {
        JsonNode env = services.get("kafka").get("environment");
        assertTrue(env.get("KAFKA_PROCESS_ROLES").asText().contains("controller"));
        assertTrue(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText().endsWith("@kafka:9093"));
        String advertised = env.get("KAFKA_ADVERTISED_LISTENERS").asText();
        assertTrue(advertised.contains("PLAINTEXT://kafka:9092"), advertised);
        assertTrue(services.get("schema-registry").get("environment").get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS")
                .asText().endsWith("kafka:9092"));
        String modelStore = services.get("model-store").get("command").toString();
        assertTrue(modelStore.contains("\"kafka:9092\""), modelStore);
        assertTrue(modelStore.contains("\"http://schema-registry:8081\""), modelStore);
        assertTrue(modelStore.contains("\"" + Topics.MODELS + "\""), modelStore);
    }

    @Test
    void theModelStoreApiListensForOtherHostsOnlyWithAWriteToken() {
        JsonNode command = services.get("model-store").get("command");
        List<String> args = new ArrayList<>();
        command.forEach(a -> args.add(a.asText()));
        int token = args.indexOf("--token-file");
        assertTrue(token > 0 && args.contains("0.0.0.0:8090"), args.toString());
        String secret = services.get("model-store").get("secrets").get(0).asText();
        assertEquals("/run/secrets/" + secret, args.get(token + 1), "the token file is the mounted secret");
        assertTrue(compose.get("secrets").get(secret).has("environment"), "the secret comes from the operator's environment, not the repository");
    }

    @Test
    void flinkTaskManagersFindTheJobManager() {
        assertTrue(services.get("taskmanager").get("environment").get("FLINK_PROPERTIES").asText()
                .contains("jobmanager.rpc.address: jobmanager"));
        assertTrue(services.has("jobmanager"));
    }

    @Test
    void hostPortsDoNotCollide() {
        Set<String> hostPorts = new HashSet<>();
        services.forEach(service -> service.path("ports").forEach(mapping -> {
            String host = mapping.asText().split(":")[0];
            assertTrue(hostPorts.add(host), "host port " + host + " published twice");
        }));
        assertTrue(hostPorts.size() >= 4, hostPorts.toString());
    }
}
