package io.yalas.stack;

import io.yalas.schemas.Alert;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Proves each part of a stack serves: creates the YALAS topics, registers their schemas, and runs a tiny
 * job on Flink. Returns what it checked so the caller can show it.
 */
public final class HealthCheck {
    private HealthCheck() {
    }

    public static Map<String, String> run(YalasStack stack) throws Exception {
        Map<String, String> result = new LinkedHashMap<>();
        Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
        try (Admin admin = Admin.create(stack.kafka().clientConfig())) {
            result.put("kafka", "ok (" + admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size() + " node, topics "
                    + String.join(", ", Topics.EVENTS, Topics.ALERTS, Topics.STATS, Topics.MODELS) + ")");
        }
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
        Map<String, Schema> schemas = Map.of(Topics.EVENTS, SyscallEvent.getClassSchema(),
                Topics.ALERTS, Alert.getClassSchema(), Topics.STATS, HostStats.getClassSchema());
        List<String> ids = new ArrayList<>();
        schemas.forEach((topic, schema) -> ids.add(schema.getName() + "=" + registry.register(AvroSerializer.valueSubject(topic), schema)));
        result.put("schema_registry", "ok (schema ids " + String.join(", ", ids.stream().sorted().toList()) + ")");
        if (stack.flink().isPresent()) {
            StreamExecutionEnvironment env = stack.flink().get().environment(new Configuration());
            List<Long> squares = new ArrayList<>();
            env.fromSequence(1, 3).map(x -> x * x).returns(Long.class).executeAndCollect().forEachRemaining(squares::add);
            result.put("flink", "ok (a job ran on " + stack.flink().get().webUrl() + " and returned " + squares.stream().sorted().toList() + ")");
        }
        return result;
    }
}
