package io.yalas.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.ExplainedTransition;
import io.yalas.schemas.Severity;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas alerts} over a real broker and registry, with alerts written as the detect job writes them. */
class AlertsCommandTest {
    static final Instant NOW = Instant.now();
    static YalasStack stack;
    static String[] cluster;

    @BeforeAll
    static void start() throws Exception {
        stack = YalasStack.start(StackConfig.temporary().withoutFlink());
        cluster = YalasCommandTest.clusterOf(stack);
        Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
        // partitions interleave hosts: the listing must still come out in event-time order
        send(alert("a-3", "web-2", "rule:debugger", Severity.HIGH, NOW.minusSeconds(60), 3),
                alert("a-1", "web-1", "markov", Severity.MEDIUM, NOW.minus(Duration.ofDays(2)), 1),
                alert("a-2", "web-1", "rule:credential-access", Severity.HIGH, NOW.minusSeconds(3600), 2));
        sendRaw("not an alert".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Alert alert(String id, String host, String detector, Severity severity, Instant detected, int pid) {
        return Alert.newBuilder().setAlertId(id).setEventTime(detected.minusMillis(50)).setDetectedTime(detected).setHost(host)
                .setContainerId("00265e74965b6e79938a494aa62a3cb3").setProfile("container:00265e74965b")
                .setProcess(AlertProcess.newBuilder().setPid(pid).setExe("/usr/bin/bash").setComm("bash").setAncestry(List.of()).build())
                .setDetector(detector).setWindowStartNs(0).setWindowEndNs(1).setScore(5.8).setThreshold(3.5).setSeverity(severity)
                .setConfidence(1).setDataLoss(false).setSummary("summary of " + id)
                .setExplanation(List.of(new ExplainedTransition(1, List.of("AAa"), "DEa(CLOSE/HOME/OK)", 3.8e-7, 17L, "close /root/x = 0")))
                .setMitre(detector.startsWith("rule:") ? List.of("T1055.008") : List.of()).build();
    }

    static void send(Alert... alerts) throws Exception {
        AvroSerializer<Alert> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.ALERTS), Alert.getClassSchema());
        for (Alert a : alerts) {
            sendRaw(serializer.serialize(a));
        }
    }

    static void sendRaw(byte[] value) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.ALERTS, value)).get();
        }
    }

    static YalasCommandTest.Run alerts(String... options) {
        return run(YalasCommandTest.on(cluster, "alerts", options));
    }

    static List<String> ids(String out) {
        return out.lines().filter(l -> !l.startsWith("    ")).map(l -> l.substring(l.indexOf("summary of ") + "summary of ".length()).split(" ")[0]).toList();
    }

    @Test
    void listsInEventTimeOrderFiltersAndSkipsWhatIsNotAnAlert() {
        var all = alerts();
        assertEquals(0, all.exit(), all.err());
        assertEquals(List.of("a-1", "a-2", "a-3"), ids(all.out()), all.out());
        String line = all.out().lines().filter(l -> l.contains("a-3")).findFirst().orElseThrow();
        assertTrue(line.contains("HIGH") && line.contains("rule:debugger") && line.contains("web-2/00265e74965b ") && line.contains("bash[3] /usr/bin/bash")
                && line.endsWith("summary of a-3 (T1055.008)"), line);
        assertTrue(all.err().contains("note: 1 record(s) of yalas.alerts are not readable alerts and were skipped"), all.err());

        assertEquals(List.of("a-2", "a-3"), ids(alerts("--min-severity", "HIGH").out()));
        assertEquals(List.of("a-2", "a-3"), ids(alerts("--detector", "rule:").out()));
        assertEquals(List.of("a-1", "a-2"), ids(alerts("--host", "web-1").out()));
        assertEquals(List.of("a-2", "a-3"), ids(alerts("--since", "1d").out()));
        assertEquals(List.of("a-3"), ids(alerts("--since", NOW.minusSeconds(120).toString()).out()));
        assertEquals(List.of("a-3"), ids(alerts("-n", "1").out()), "the latest one");

        var explained = alerts("--explain", "--detector", "markov");
        assertTrue(explained.out().contains("    #1 DEa(CLOSE/HOME/OK) p=3.80e-07  close /root/x = 0"), explained.out());
    }

    @Test
    void jsonLinesCarryTheWholeAlert() throws Exception {
        var json = alerts("--json", "--detector", "rule:debugger");
        assertEquals(0, json.exit(), json.err());
        List<String> lines = json.out().lines().toList();
        assertEquals(1, lines.size(), json.out());
        JsonNode a = new ObjectMapper().readTree(lines.get(0));
        assertEquals("a-3", a.get("alert_id").asText());
        assertEquals(3, a.get("process").get("pid").asInt());
        assertEquals("T1055.008", a.get("mitre").get(0).asText());
        assertEquals("close /root/x = 0", a.get("explanation").get(0).get("event").asText());
    }

    @Test
    void followPrintsNewAlertsAsTheyCome() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = Yalas.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        Thread following = new Thread(() -> cli.execute(YalasCommandTest.on(cluster, "alerts", "--follow", "--host", "web-9")), "alerts-follow");
        following.start();
        try {
            Thread.sleep(3000);
            send(alert("a-9", "web-9", "rule:reverse-shell", Severity.CRITICAL, Instant.now(), 9));
            long deadline = System.currentTimeMillis() + 30_000;
            while (!out.toString().contains("summary of a-9") && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(out.toString().contains("summary of a-9"), out.toString());
        } finally {
            following.interrupt();
            following.join(30_000);
        }
        assertTrue(!following.isAlive(), "an interrupted follow ends");
    }

    @Test
    void badOptionsAreClearErrors() {
        var since = alerts("--since", "yesterday");
        assertEquals(2, since.exit());
        assertTrue(since.err().contains("--since must be an age (30s, 15m, 2h, 7d) or an instant"), since.err());
        var severity = alerts("--min-severity", "SEVERE");
        assertEquals(2, severity.exit());
        assertTrue(severity.err().contains("INFO, LOW, MEDIUM, HIGH, CRITICAL"), severity.err());
    }
}
