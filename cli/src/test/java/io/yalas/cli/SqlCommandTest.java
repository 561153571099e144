package io.yalas.cli;

import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.Severity;
import io.yalas.schemas.Topics;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.stack.StackConfig;
import io.yalas.stack.YalasStack;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas sql} end to end: the command starts the stack from a data directory and the client in its own JVM. */
class SqlCommandTest {
    @Test
    void queriesTheTopicsOfADataDirectory(@TempDir Path data) throws Exception {
        try (YalasStack stack = YalasStack.start(StackConfig.embedded(data).withoutFlink())) {
            Topics.ensure(stack.kafka(), Duration.ofSeconds(30));
            AvroSerializer<Alert> serializer = new AvroSerializer<>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                    AvroSerializer.valueSubject(Topics.ALERTS), Alert.getClassSchema());
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.ALERTS, "k".getBytes(StandardCharsets.UTF_8), serializer.serialize(alert()))).get();
            }
        }
        var result = run("sql", "--data-dir", data.toString(), "-e", "SELECT detector, severity, summary FROM alerts");
        assertEquals(0, result.exit(), result.err() + result.out());
        assertTrue(result.out().contains("detector\tseverity\tsummary\nrule:ptrace\tHIGH\tptrace of sshd\n(1 row)"), result.out());

        var bad = run("sql", "--data-dir", data.toString(), "-e", "SELECT nothing FROM alerts");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("error: ") && bad.err().contains("nothing"), bad.err());
        var missing = run("sql", "--data-dir", data.toString(), "-f", data.resolve("none.sql").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no such readable file"), missing.err());
    }

    @Test
    void aFollowedQuerysRowsShowAsTheClientPrintsThemNotWhenItEnds() throws Exception {
        java.io.PipedOutputStream client = new java.io.PipedOutputStream();
        java.io.PipedInputStream fromClient = new java.io.PipedInputStream(client);
        java.io.StringWriter shown = new java.io.StringWriter();
        // buffered, as picocli's writer around standard output is
        Thread passing = new Thread(() -> SqlCommand.pass(fromClient, new java.io.PrintWriter(new java.io.BufferedWriter(shown))));
        passing.start();
        client.write("op\twindow_start\tn\n+I\t2026-11-21T15:21\t62\n".getBytes(StandardCharsets.UTF_8));
        client.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!shown.toString().contains("62\n") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("op\twindow_start\tn\n+I\t2026-11-21T15:21\t62\n", shown.toString(), "the row must show while the client still runs");
        client.close();
        passing.join(10_000);
    }

    static Alert alert() {
        return Alert.newBuilder().setAlertId("a-1").setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .setDetectedTime(Instant.ofEpochMilli(1_700_000_000_020L)).setHost("web-1").setProfile("/usr/sbin/httpd")
                .setProcess(AlertProcess.newBuilder().setPid(7).setAncestry(List.of()).build())
                .setDetector("rule:ptrace").setWindowStartNs(0).setWindowEndNs(1).setScore(1).setThreshold(0)
                .setSeverity(Severity.HIGH).setConfidence(1).setDataLoss(false).setSummary("ptrace of sshd")
                .setExplanation(List.of()).setMitre(List.of("T1055.008")).build();
    }
}
