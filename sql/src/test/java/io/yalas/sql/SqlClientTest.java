package io.yalas.sql;

import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ModelTrainer;
import io.yalas.model.train.Provenance;
import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.EventFamily;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.Severity;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import io.yalas.stack.flink.SeparateFlinkCluster;
import io.yalas.stack.registry.KafkaSchemaLog;
import io.yalas.stack.registry.OAuthTokenIssuer;
import io.yalas.stack.registry.SchemaRegistry;
import io.yalas.stack.registry.SchemaRegistryServer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQL client against a real broker and registry, reading records our own serializer wrote. */
class SqlClientTest {
    static YalasStack stack;

    record Result(int exit, String out, String err) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = YalasStack.start(StackConfig.temporary().withoutFlink());
        Topics.ensure(stack.kafka(), java.time.Duration.ofSeconds(30));
        List<SyscallEvent> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(event(i, i < 3 ? "openat" : "connect"));
        }
        produce(Topics.EVENTS, SyscallEvent.getClassSchema(), events);
        produce(Topics.ALERTS, Alert.getClassSchema(), List.of(alert(),
                alert("a-2", 10_000, "markov", Severity.MEDIUM, 101, "/bin/sh", List.of()),
                alert("a-3", 2 * 3_600_000, "rule:debugger", Severity.LOW, 102, "/usr/bin/gdb", List.of("T1055.008"))));
        produce(Topics.STATS, HostStats.getClassSchema(), List.of(stats()));
        var trained = new ModelTrainer(ModelConfig.DEFAULT.withWindow(10))
                .train("/usr/sbin/httpd", IntegerAlphabet.SYSCALL_NUMBERS.ref(), List.of(new int[] {1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3}), Provenance.UNKNOWN);
        produce(Topics.MODELS, io.yalas.schemas.BehaviorModel.getClassSchema(), List.of(BehaviorModelCodec.toAvro(trained)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static SyscallEvent event(int seq, String syscall) {
        return SyscallEvent.newBuilder()
                .setHost("web-1").setBootId("boot").setSeq(seq).setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + seq))
                .setTsNs(seq).setLastTsNs(seq).setCpu(0).setPid(100).setTid(100).setPpid(1).setUid(33).setGid(33).setEuid(33)
                .setComm("httpd").setExe("/usr/sbin/httpd").setCgroupId(1).setSyscall(syscall).setSyscallNr(257)
                .setFamily(syscall.equals("connect") ? EventFamily.NETWORK : EventFamily.FILE)
                .setPath(syscall.equals("openat") ? "/var/www/index.html" : null).setRet(3).setBytes(10 * seq)
                .setLatencyNs(1000L * (seq + 1)).setLatencyMinNs(1000L * (seq + 1)).setLatencyMaxNs(1000L * (seq + 1))
                .setArgv(List.of("httpd", "-k", "start")).build();
    }

    static Alert alert() {
        return alert("a-1", 0, "rule:credential-access", Severity.HIGH, 100, "/usr/sbin/httpd", List.of("T1003.008"));
    }

    /** An alert on web-1, {@code afterMillis} after the first one. */
    static Alert alert(String id, long afterMillis, String detector, Severity severity, int pid, String exe, List<String> mitre) {
        return Alert.newBuilder().setAlertId(id).setEventTime(Instant.ofEpochMilli(1_700_000_000_004L + afterMillis))
                .setDetectedTime(Instant.ofEpochMilli(1_700_000_000_020L + afterMillis)).setHost("web-1").setProfile("/usr/sbin/httpd")
                .setProcess(AlertProcess.newBuilder().setPid(pid).setExe(exe).setComm("httpd").setAncestry(List.of()).build())
                .setDetector(detector).setWindowStartNs(0).setWindowEndNs(4).setScore(1).setThreshold(0)
                .setSeverity(severity).setConfidence(1).setDataLoss(false).setSummary("read /etc/shadow")
                .setExplanation(List.of()).setMitre(mitre).build();
    }

    static HostStats stats() {
        return HostStats.newBuilder().setHost("web-1").setBootId("boot").setIntervalStart(Instant.ofEpochMilli(1_700_000_000_000L))
                .setIntervalEnd(Instant.ofEpochMilli(1_700_000_010_000L)).setFirstSeq(0).setLastSeq(4).setKernelRecords(50)
                .setKernelBytes(9000).setKernelDrops(Map.of("ring_full", 2L)).setKernelProbes(Map.of()).setEventsIn(50).setEventsOut(5)
                .setEventsFiltered(0).setEventsCoalesced(45).setKafkaBytes(600).setShipperDrops(Map.of()).setSpoolBytes(0)
                .setSpoolSegments(0).setReductionRatio(15.0).setWatchedSyscalls(List.of("openat", "connect")).build();
    }

    static <T extends SpecificRecord> void produce(String topic, org.apache.avro.Schema schema, List<T> records) throws Exception {
        AvroSerializer<T> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(topic), schema);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                // The models topic is compacted, so every record needs a key.
                producer.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8), serializer.serialize(records.get(i)))).get();
            }
        }
    }

    static Result sql(String... args) {
        return sqlWithInput("", args);
    }

    static Result sqlWithInput(String input, String... args) {
        return sqlOn(stack.schemaRegistryUrl(), input, args);
    }

    static Result sqlOn(String registryUrl, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new SqlClient(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        cli.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        String[] all = Stream.concat(Stream.of("--bootstrap-servers", stack.bootstrapServers(), "--schema-registry", registryUrl),
                Stream.of(args)).toArray(String[]::new);
        int exit = cli.execute(all);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void readsThroughARegistryBehindBasicAuthentication() throws Exception {
        // A second registry over the same schema log, answering only with credentials, as Confluent Cloud's does.
        try (KafkaSchemaLog log = new KafkaSchemaLog(stack.kafka(), KafkaSchemaLog.DEFAULT_TOPIC);
             SchemaRegistryServer secured = SchemaRegistryServer.start(new SchemaRegistry(log.readAll(), log::append), "127.0.0.1", 0,
                     new SchemaRegistryServer.Authentication.Basic("sr-key:sr/secret"), Optional.empty())) {
            String withCredentials = "http://sr-key:sr%2Fsecret@127.0.0.1:" + secured.port();
            Result alerts = sqlOn(withCredentials, "", "-e", "SELECT alert_id FROM alerts WHERE detector = 'rule:debugger'");
            assertEquals(0, alerts.exit(), alerts.err() + alerts.out());
            assertTrue(alerts.out().contains("a-3"), alerts.out());

            Result ddl = sqlOn(withCredentials, "", "--ddl");
            assertTrue(ddl.out().contains("'avro-confluent.url' = 'http://127.0.0.1:" + secured.port() + "'")
                    && ddl.out().contains("'avro-confluent.basic-auth.user-info' = 'sr-key:sr/secret'"), ddl.out());

            Result without = sqlOn("http://127.0.0.1:" + secured.port(), "", "-e", "SELECT alert_id FROM alerts");
            assertEquals(1, without.exit(), without.out());
            assertTrue(without.err().contains("401") || without.err().contains("Unauthorized"), without.err());
        }
    }

    @Test
    void readsThroughARegistryBehindOauthWithFlinksOwnRegistryClient(@TempDir Path dir) throws Exception {
        // Flink's avro-confluent format fetches its own tokens (Confluent's client, shaded in the format's jar).
        try (OAuthTokenIssuer issuer = OAuthTokenIssuer.start("yalas-sql", "sql-s3cret", Duration.ofMinutes(10));
             KafkaSchemaLog log = new KafkaSchemaLog(stack.kafka(), KafkaSchemaLog.DEFAULT_TOPIC);
             SchemaRegistryServer secured = SchemaRegistryServer.start(new SchemaRegistry(log.readAll(), log::append), "127.0.0.1", 0,
                     new SchemaRegistryServer.Authentication.Bearer(issuer::accepts, Optional.of("lsrc-yalas")), Optional.empty())) {
            Path settings = Files.writeString(dir.resolve("oauth.properties"), String.join("\n",
                    "bearer.auth.credentials.source=OAUTHBEARER",
                    "bearer.auth.issuer.endpoint.url=" + issuer.url(),
                    "bearer.auth.client.id=yalas-sql",
                    "bearer.auth.client.secret=sql-s3cret",
                    "bearer.auth.logical.cluster=lsrc-yalas") + "\n");
            Result alerts = sqlOn(secured.url(), "", "--kafka-config", settings.toString(), "-e",
                    "SELECT alert_id FROM alerts WHERE detector = 'rule:debugger'");
            assertEquals(0, alerts.exit(), alerts.err() + alerts.out());
            assertTrue(alerts.out().contains("a-3"), alerts.out());
            assertTrue(issuer.issued() > 0, "the format asked the identity provider");

            Path wrongSecret = Files.writeString(dir.resolve("wrong.properties"), Files.readString(settings).replace("sql-s3cret", "guess"));
            Result refused = sqlOn(secured.url(), "", "--kafka-config", wrongSecret.toString(), "-e", "SELECT alert_id FROM alerts");
            assertEquals(1, refused.exit(), refused.out());
        }
    }

    @Test
    void everyTableReadsWhatTheProductWrites(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("q.sql"), """
                -- what did the web server do?
                SELECT syscall, COUNT(*) AS n, SUM(`bytes`) AS total, MAX(latency_max_ns) AS slowest FROM events GROUP BY syscall ORDER BY syscall;
                SELECT detector, severity, process.exe, mitre FROM alerts;
                SELECT host, kernel_records, kernel_drops['ring_full'] AS ring_full, reduction_ratio, CARDINALITY(watched_syscalls) AS watched FROM host_stats;
                SELECT profile, model_version, state FROM behavior_models;
                """);
        Result r = sql("-f", script.toString());
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("syscall\tn\ttotal\tslowest\nconnect\t2\t70\t5000\nopenat\t3\t30\t3000\n(2 rows)"), r.out());
        assertTrue(r.out().contains("rule:credential-access\tHIGH\t/usr/sbin/httpd\t[T1003.008]"), r.out());
        assertTrue(r.out().contains("web-1\t50\t2\t15.0\t2"), r.out());
        assertTrue(r.out().contains("/usr/sbin/httpd\t1\tLEARNING"), r.out());
    }

    @Test
    void alertsLessThanAMinuteApartFormOneIncidentAcrossDetectors() {
        Result r = sql("-e", "SELECT host, incident, alerts, severity, detectors, detector_names, mitre, processes, executables,"
                + " TIMESTAMPDIFF(SECOND, first_alert, last_alert) AS span_s FROM incidents ORDER BY incident");
        assertEquals(0, r.exit(), r.err() + r.out());
        assertTrue(r.out().contains("web-1\t1\t2\tHIGH\t2\tmarkov,rule:credential-access\tT1003.008\t2\t/bin/sh,/usr/sbin/httpd\t10\n"
                + "web-1\t2\t1\tLOW\t1\trule:debugger\tT1055.008\t1\t/usr/bin/gdb\t0\n(2 rows)"), r.out());
    }

    @Test
    void withFlinkTheStatementsRunOnThatClusterWithTheConnectorJarsShipped() throws Exception {
        try (SeparateFlinkCluster cluster = SeparateFlinkCluster.start()) {
            Result r = sql("--flink", cluster.address, "-e", "SELECT detector, COUNT(*) AS n FROM alerts GROUP BY detector ORDER BY detector");
            assertEquals(0, r.exit(), r.err() + r.out());
            assertTrue(r.out().contains("detector\tn\nmarkov\t1\nrule:credential-access\t1\nrule:debugger\t1\n(3 rows)"), r.out());
            HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create("http://" + cluster.address + "/jobs/overview")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(jobs.body().contains("\"state\":\"FINISHED\""), "the query ran on the cluster: " + jobs.body());
        }
        Result bad = sql("--flink", "nowhere", "-e", "SELECT 1");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--flink must be HOST:PORT, got 'nowhere'"), bad.err());
    }

    @Test
    void statementsTypedLineByLineRunAtTheirSemicolonAndAFailureDoesNotEndTheSession() {
        Result r = sqlWithInput("""
                SELECT host,
                       COUNT(*) AS n
                  FROM events GROUP BY host;
                SELECT nonsense FROM events;
                SELECT 'a;b' AS s; quit;
                SELECT 'never run';
                """);
        assertEquals(1, r.exit(), "one statement failed: " + r.err());
        assertTrue(r.out().contains("host\tn\nweb-1\t5\n(1 row)"), r.out());
        assertTrue(r.err().contains("nonsense"), r.err());
        assertTrue(r.out().contains("s\na;b\n(1 row)"), r.out());
        assertTrue(!r.out().contains("never run"), r.out());
    }

    @Test
    void badStatementsAndOptionsAreClearErrors(@TempDir Path dir) {
        Result unknownTable = sql("-e", "SELECT * FROM evnts");
        assertEquals(1, unknownTable.exit());
        assertTrue(unknownTable.err().contains("error: ") && unknownTable.err().contains("evnts"), unknownTable.err());

        Result stopsAtTheFirstFailure = sql("-e", "SELECT nonsense FROM events; SELECT 1");
        assertEquals(1, stopsAtTheFirstFailure.exit());
        assertTrue(!stopsAtTheFirstFailure.out().contains("(1 row)"), stopsAtTheFirstFailure.out());

        Result missing = sql("-f", dir.resolve("none.sql").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Result unterminated = sql("-e", "SELECT 'oops FROM events");
        assertEquals(2, unterminated.exit());
        assertTrue(unterminated.err().contains("unterminated ' quote"), unterminated.err());

        Result ddl = sql("--ddl");
        assertEquals(0, ddl.exit());
        assertEquals(4, ddl.out().split("CREATE TABLE").length - 1, ddl.out());
        assertTrue(ddl.out().contains("CREATE VIEW incidents AS"), ddl.out());
        assertTrue(ddl.out().contains("'topic' = '" + Topics.EVENTS + "'") && ddl.out().contains("'topic' = '" + Topics.MODELS + "'"), ddl.out());
    }
}
