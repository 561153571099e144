package io.yalas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every yalas command in docker-compose.yml parses with the real command line, so the file cannot drift from the CLI. */
class ComposeCommandTest {
    @Test
    void composeCommandsAreValidYalasInvocations() throws Exception {
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile()).get("services");
        List<List<String>> commands = new ArrayList<>();
        services.forEach(service -> {
            if (service.path("image").asText().startsWith("yalas/")) {
                List<String> args = new ArrayList<>();
                service.get("command").forEach(a -> args.add(a.asText()));
                commands.add(args);
            }
        });
        assertFalse(commands.isEmpty(), "no yalas service in docker-compose.yml");
        for (List<String> args : commands) {
            assertDoesNotThrow(() -> new CommandLine(new YalasCommand()).parseArgs(args.toArray(String[]::new)), args.toString());
        }
    }
}
