package io.yalas.stack;

import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YalasStackTest {
    @Test
    void restartOnTheSameDataDirectoryKeepsTopicsAndSchemaIds(@TempDir Path dir) throws Exception {
        int id;
        try (YalasStack stack = YalasStack.start(StackConfig.embedded(dir).withoutFlink())) {
            id = new HttpSchemaRegistryClient(stack.schemaRegistry()).register("keep-value", SyscallEvent.getClassSchema());
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("keep", "k", "v")).get();
            }
        }
        try (YalasStack stack = YalasStack.start(StackConfig.embedded(dir).withoutFlink())) {
            HttpResponse<String> latest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.schemaRegistryUrl() + "/subjects/keep-value/versions/latest")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, latest.statusCode(), latest.body());
            assertTrue(latest.body().contains("\"id\":" + id), latest.body());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                assertTrue(admin.listTopics().names().get().contains("keep"));
                var offsets = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition("keep", 0),
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
                assertEquals(1L, offsets.values().iterator().next().offset());
            }
            // A new schema after restart never reuses an id.
            int next = new HttpSchemaRegistryClient(stack.schemaRegistry()).register("other-value",
                    new org.apache.avro.Schema.Parser().parse("{\"type\":\"record\",\"name\":\"X\",\"fields\":[]}"));
            assertNotEquals(id, next);
        }
    }

    @Test
    void twoStacksOnOneMachineDoNotCollide(@TempDir Path a, @TempDir Path b) {
        try (YalasStack first = YalasStack.start(StackConfig.embedded(a).withoutFlink());
             YalasStack second = YalasStack.start(StackConfig.embedded(b).withoutFlink())) {
            assertNotEquals(first.bootstrapServers(), second.bootstrapServers());
            assertNotEquals(first.schemaRegistryUrl(), second.schemaRegistryUrl());
            new HttpSchemaRegistryClient(first.schemaRegistryUrl()).register("a-value", SyscallEvent.getClassSchema());
            new HttpSchemaRegistryClient(second.schemaRegistryUrl()).register("b-value", SyscallEvent.getClassSchema());
        }
    }

    @Test
    void oneDataDirectoryCannotServeTwoStacks(@TempDir Path dir) {
        try (YalasStack first = YalasStack.start(StackConfig.embedded(dir).withoutFlink())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> YalasStack.start(StackConfig.embedded(dir).withoutFlink()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(first.bootstrapServers().startsWith("127.0.0.1:"));
        }
    }
}
