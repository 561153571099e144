package io.yalas.cli;

import io.yalas.flink.rules.RuleExceptions;
import io.yalas.schemas.RuleExceptionSet;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.yalas.cli.YalasCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code yalas exceptions} against a running stack, and what a detect job submitted afterwards starts with. */
class ExceptionsCommandTest {
    static YalasStack stack;
    static String[] cluster;

    @BeforeAll
    static void start() {
        stack = YalasStack.start(StackConfig.temporary().withoutFlink());
        cluster = YalasCommandTest.clusterOf(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static YalasCommandTest.Run exceptions(String... sub) {
        return run(YalasCommandTest.on(cluster, "exceptions", sub));
    }

    static RuleExceptions inForce() {
        return new RuleExceptionsTopic(stack.kafka(), stack.schemaRegistry()).read().exceptions();
    }

    @Test
    void setShowAndClearWhatEveryDetectJobFollows(@TempDir Path dir) throws Exception {
        var none = exceptions("show");
        assertEquals(0, none.exit(), none.err());
        assertTrue(none.out().contains("no rule exceptions have been set"), none.out());
        assertEquals(RuleExceptions.NONE, inForce());

        Path file = Files.writeString(dir.resolve("known-good.conf"), "# backups\nallow credential-access exe=/usr/sbin/backupd\ndisable debugger\n");
        var set = exceptions("set", file.toString());
        assertEquals(0, set.exit(), set.err());
        assertTrue(set.out().contains("in force: rule exceptions from " + file) && set.out().contains("disabled: debugger; 1 allow"), set.out());

        var show = exceptions("show");
        assertTrue(show.out().contains("set by " + System.getProperty("user.name") + "@"), show.out());
        assertTrue(show.out().contains("allow credential-access exe=/usr/sbin/backupd"), show.out());
        assertEquals(RuleExceptions.fromText("x", Files.readString(file)), inForce(), "a detect job submitted now starts with them");

        Path typo = Files.writeString(dir.resolve("typo.conf"), "disable debugger\nallow credential-acces exe=/usr/bin/cat\n");
        var bad = exceptions("set", typo.toString());
        assertEquals(2, bad.exit(), bad.out() + bad.err());
        assertTrue(bad.err().contains(typo + ":2: unknown rule 'credential-acces'"), bad.err());
        var missing = exceptions("set", dir.resolve("none.conf").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("none.conf: cannot read rule exceptions"), missing.err());
        assertEquals(RuleExceptions.fromText("x", Files.readString(file)), inForce(), "a file with a mistake changes nothing");

        // Written by something other than yalas: a record that is not Avro and a set that does not parse. The detect
        // job skips both and keeps the set before them; so do show and a job submitted now.
        RuleExceptionSet typoSet = RuleExceptionSet.newBuilder().setText("disable nosuchrule\n").setSource("by-hand")
                .setSetTime(Instant.now()).setSetBy("someone").build();
        byte[] typoBytes = new AvroSerializer<RuleExceptionSet>(new HttpSchemaRegistryClient(stack.schemaRegistry()),
                AvroSerializer.valueSubject(Topics.RULE_EXCEPTIONS), RuleExceptionSet.getClassSchema()).serialize(typoSet);
        byte[] key = Topics.RULE_EXCEPTIONS_KEY.getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", stack.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.RULE_EXCEPTIONS, key, "disable debugger".getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(Topics.RULE_EXCEPTIONS, key, typoBytes)).get();
        }
        var skipping = exceptions("show");
        assertEquals(0, skipping.exit(), skipping.err());
        assertTrue(skipping.out().contains("rule exceptions from " + file), skipping.out());
        assertTrue(skipping.err().contains("note: the latest 2 record(s) of yalas.rule-exceptions are not valid exception sets"), skipping.err());
        assertEquals(RuleExceptions.fromText("x", Files.readString(file)), inForce());

        var clear = exceptions("clear");
        assertEquals(0, clear.exit(), clear.err());
        assertTrue(clear.out().contains("no rule exceptions"), clear.out());
        assertEquals(RuleExceptions.NONE, inForce());
    }

    @Test
    void checkNeedsNoCluster(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.conf"), "allow debugger parent=gdbserver\n");
        var ok = run("exceptions", "check", good.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.out().contains(good + ": valid: no rule disabled; 1 allow"), ok.out());
        Path old = Files.writeString(dir.resolve("old.conf"), "allow debugger comm=gdb until=2020-01-01\n");
        var expired = run("exceptions", "check", old.toString());
        assertEquals(0, expired.exit(), expired.err());
        assertTrue(expired.err().contains("note: the allow for debugger expired at 2020-01-01T00:00:00Z: it exempts no new event"), expired.err());
        Path bad = Files.writeString(dir.resolve("bad.conf"), "allow debugger uid=root\n");
        var error = run("exceptions", "check", bad.toString());
        assertEquals(2, error.exit());
        assertTrue(error.err().contains(bad + ":1: condition 'uid' needs a number, got 'root'"), error.err());
    }

    @Test
    void anUnreachableClusterIsAClearError() {
        IllegalStateException down = assertThrows(IllegalStateException.class,
                () -> new RuleExceptionsTopic(io.yalas.schemas.KafkaConnection.plain("127.0.0.1:1"), io.yalas.schemas.wire.RegistryConnection.plain("http://127.0.0.1:1"), Duration.ofSeconds(2)));
        assertTrue(down.getMessage().contains("Kafka at 127.0.0.1:1 did not answer"), down.getMessage());
    }
}
