package io.yalas.stack;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.schemas.wire.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What any YALAS stack must do with its registry and broker: the Confluent client, Flink SQL's
 * avro-confluent format and our serde interoperate, and bad requests get Confluent's error codes.
 * Subclasses provide the stack: the embedded one by default, real Confluent Platform images in the
 * opt-in Testcontainers profile.
 */
public abstract class RegistryInteropContract {
    protected static YalasStack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    public void confluentClientRegistersLooksUpAndFetches() throws Exception {
        CachedSchemaRegistryClient client = new CachedSchemaRegistryClient(stack.schemaRegistryUrl(), 100);
        AvroSchema schema = new AvroSchema(SyscallEvent.getClassSchema().toString());
        int id = client.register("confluent-events-value", schema);
        assertEquals(id, client.getId("confluent-events-value", new AvroSchema(SyscallEvent.getClassSchema().toString())));
        SchemaMetadata latest = client.getLatestSchemaMetadata("confluent-events-value");
        assertEquals(id, latest.getId());
        assertEquals(1, latest.getVersion());
        // A fresh client has no cache: the schema really comes back from the server.
        CachedSchemaRegistryClient fresh = new CachedSchemaRegistryClient(stack.schemaRegistryUrl(), 100);
        assertEquals(SyscallEvent.getClassSchema(), new Schema.Parser().parse(fresh.getSchemaById(id).canonicalString()));
        assertTrue(fresh.getAllSubjects().contains("confluent-events-value"));
        assertEquals(List.of(1), fresh.getAllVersions("confluent-events-value"));

        RestClientException unknown = assertThrows(RestClientException.class, () -> fresh.getSchemaById(987654));
        assertEquals(40403, unknown.getErrorCode());
    }

    @Test
    public void badRequestsGetConfluentErrorsAndStoreNothing() throws Exception {
        String subject = "bad-input-value";
        assertError(post("/subjects/" + subject + "/versions", "{\"schema\": \"{not avro\"}"), 422, 42201);
        assertError(post("/subjects/" + subject + "/versions", "{\"nothing\": 1}"), 422, 42201);
        assertError(post("/subjects/" + subject + "/versions", "not json at all"), 400, 400);
        assertError(get("/subjects/" + subject + "/versions"), 404, 40401);
        assertError(get("/schemas/ids/424242"), 404, 40403);

        String v1 = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}";
        String incompatible = "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
        HttpResponse<String> first = post("/subjects/" + subject + "/versions", body(v1));
        assertEquals(200, first.statusCode(), first.body());
        assertError(post("/subjects/" + subject + "/versions", body(incompatible)), 409, 409);
        assertError(get("/subjects/" + subject + "/versions/2"), 404, 40402);
        assertEquals("[1]", get("/subjects/" + subject + "/versions").body());
        assertError(put("/config/" + subject, "{\"compatibility\":\"WHATEVER\"}"), 422, 42203);
        assertError(get("/no/such/route"), 404, 404);
    }

    @Test
    public void ourSerializerAndFlinkSqlReadEachOther() throws Exception {
        HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(stack.schemaRegistry());
        String inTopic = "sql-events";
        AvroSerializer<SyscallEvent> serializer = new AvroSerializer<>(registry, AvroSerializer.valueSubject(inTopic), SyscallEvent.getClassSchema());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(inTopic, serializer.serialize(event(i, i == 1 ? "connect" : "openat")))).get();
            }
        }

        TableEnvironment sql = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode()
                .withConfiguration(flinkConfiguration()).build());
        sql.executeSql(ddl("events_in", inTopic, "host STRING, seq BIGINT, syscall STRING, pid INT"));
        Set<String> rows = new TreeSet<>();
        try (CloseableIterator<Row> it = sql.executeSql("SELECT host, seq, syscall, pid FROM events_in").collect()) {
            it.forEachRemaining(r -> rows.add(r.toString()));
        }
        assertEquals(Set.of("+I[h1, 0, openat, 100]", "+I[h1, 1, connect, 101]", "+I[h1, 2, openat, 102]"), rows);

        String outTopic = "sql-alerts";
        sql.executeSql(ddl("alerts_out", outTopic, "host STRING, syscall STRING, n BIGINT"));
        sql.executeSql("INSERT INTO alerts_out SELECT host, syscall, seq AS n FROM events_in WHERE syscall = 'connect'").await();

        Schema reader = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"SyscallCount\",\"fields\":["
                + "{\"name\":\"host\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"syscall\",\"type\":[\"null\",\"string\"],\"default\":null},"
                + "{\"name\":\"n\",\"type\":[\"null\",\"long\"],\"default\":null}]}");
        AvroDeserializer<GenericRecord> deserializer = new AvroDeserializer<>(registry, reader);
        List<String> written = new ArrayList<>();
        for (byte[] value : readAll(outTopic)) {
            GenericRecord r = deserializer.deserialize(value);
            written.add(r.get("host") + "/" + r.get("syscall") + "/" + r.get("n"));
        }
        assertEquals(List.of("h1/connect/1"), written);
    }

    @Test
    public void unreachableRegistryIsAClearError() {
        HttpSchemaRegistryClient dead = new HttpSchemaRegistryClient("http://127.0.0.1:" + PortAllocator.freePort(0));
        SchemaRegistryException e = assertThrows(SchemaRegistryException.class, () -> dead.getById(1));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    private static String ddl(String table, String topic, String columns) {
        return "CREATE TABLE " + table + " (" + columns + ") WITH ("
                + "'connector'='kafka','topic'='" + topic + "',"
                + "'properties.bootstrap.servers'='" + stack.bootstrapServers() + "',"
                + "'scan.startup.mode'='earliest-offset','scan.bounded.mode'='latest-offset',"
                + "'format'='avro-confluent','avro-confluent.url'='" + stack.schemaRegistryUrl() + "')";
    }

    private static Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(DeploymentOptions.TARGET, "remote");
        conf.set(RestOptions.ADDRESS, stack.flink().orElseThrow().host());
        conf.set(RestOptions.PORT, stack.flink().orElseThrow().port());
        return conf;
    }

    static SyscallEvent event(long seq, String syscall) {
        return SyscallEvent.newBuilder()
                .setHost("h1").setBootId("boot").setSeq(seq).setEventTime(java.time.Instant.ofEpochMilli(1_700_000_000_000L + seq))
                .setTsNs(1_700_000_000_000_000_000L + seq).setLastTsNs(1_700_000_000_000_000_000L + seq)
                .setCpu(0).setPid(100 + (int) seq).setTid(100 + (int) seq).setPpid(1).setUid(0).setGid(0).setEuid(0)
                .setComm("test").setCgroupId(1).setSyscall(syscall).setSyscallNr(257).setFamily(EventFamily.FILE)
                .setRet(3).build();
    }

    private static Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    static List<byte[]> readAll(String topic) {
        return io.yalas.schemas.TopicReader.values(stack.kafka(), topic, false, Duration.ofSeconds(30));
    }

    private static String body(String schema) {
        return "{\"schema\": " + com.fasterxml.jackson.databind.node.TextNode.valueOf(schema) + "}";
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.schemaRegistryUrl() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> response, int status, int errorCode) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error_code\":" + errorCode), response.body());
    }
}
