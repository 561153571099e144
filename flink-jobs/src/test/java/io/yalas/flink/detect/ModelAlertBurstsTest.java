package io.yalas.flink.detect;

import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.Severity;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelAlertBurstsTest {
    static final long T0 = 1_700_000_000_000L;

    static Alert alert(int pid, String exe, long millis, double score) {
        return Alert.newBuilder().setAlertId("alert-" + pid).setEventTime(Instant.ofEpochMilli(millis)).setDetectedTime(Instant.ofEpochMilli(millis))
                .setHost("web-1").setProfile("container:abc").setProcess(AlertProcess.newBuilder().setPid(pid).setExe(exe).setAncestry(List.of()).build())
                .setDetector("markov").setWindowStartNs(0).setWindowEndNs(1).setScore(score).setThreshold(3.5).setSeverity(Severity.MEDIUM)
                .setConfidence(1).setDataLoss(false).setSummary("bash (pid " + pid + ") left its behaviour model").setExplanation(List.of())
                .setMitre(List.of()).build();
    }

    static KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness() throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ModelAlertBursts(Duration.ofSeconds(30))),
                ModelAlertBursts::key, Types.STRING);
        h.open();
        return h;
    }

    static void feed(KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h, Alert a) throws Exception {
        h.processElement(a, a.getEventTime().toEpochMilli());
    }

    @Test
    void aBurstIsItsFirstAlertAtOnceThenOneSummaryWhenItEnds() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i < 5; i++) {
                feed(h, alert(100 + i, "/usr/bin/bash", T0 + 2_000L * i, i == 3 ? 9.0 : 4.0));
            }
            assertEquals(List.of("alert-100"), h.extractOutputValues().stream().map(Alert::getAlertId).toList(), "the first alert is not held back");
            h.processWatermark(T0 + 8_000 + 29_999);
            assertEquals(1, h.extractOutputValues().size(), "the burst is still open");
            h.processWatermark(T0 + 8_000 + 30_000);
            List<Alert> out = h.extractOutputValues();
            assertEquals(2, out.size());
            Alert summary = out.get(1);
            assertTrue(summary.getSummary().startsWith("4 more processes of /usr/bin/bash left the model container:abc after alert alert-100"), summary.getSummary());
            assertTrue(summary.getSummary().contains("pids 101, 102, 103, 104"), summary.getSummary());
            assertEquals(9.0, summary.getScore(), "built from the most anomalous folded alert");
            assertTrue(summary.getSummary().contains("bash (pid 103)"), summary.getSummary());
        }
    }

    @Test
    void whenEventTimeStallsTheBurstEndsByTheWallClock() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            feed(h, alert(1, "/usr/bin/bash", T0, 4));
            h.setProcessingTime(10_000);
            feed(h, alert(2, "/usr/bin/bash", T0 + 1_000, 4));
            h.setProcessingTime(39_999);
            assertEquals(1, h.extractOutputValues().size(), "30 s of wall clock have not passed since the last alert");
            h.setProcessingTime(40_000);
            assertEquals(2, h.extractOutputValues().size(), "no watermark came, the wall clock ended the burst");
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(2, h.extractOutputValues().size(), "the summary is sent once");
        }
    }

    @Test
    void quietGapsAndOtherExecutablesStartTheirOwnBursts() throws Exception {
        try (var h = harness()) {
            feed(h, alert(1, "/usr/bin/bash", T0, 4));
            feed(h, alert(2, "/usr/bin/python3", T0 + 1_000, 4));
            feed(h, alert(3, "/usr/bin/bash", T0 + 31_000, 4));
            h.processWatermark(Long.MAX_VALUE);
            assertEquals(List.of("alert-1", "alert-2", "alert-3"), h.extractOutputValues().stream().map(Alert::getAlertId).toList(),
                    "three bursts of one alert each: no summaries");
        }
    }

    @Test
    void aBurstOpenAtACheckpointEndsWithOneSummaryAfterTheRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            feed(h, alert(1, "/usr/bin/bash", T0, 4));
            feed(h, alert(2, "/usr/bin/bash", T0 + 1_000, 4));
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new ModelAlertBursts(Duration.ofSeconds(30))),
                ModelAlertBursts::key, Types.STRING)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, alert(3, "/usr/bin/bash", T0 + 2_000, 4));
            h.processWatermark(Long.MAX_VALUE);
            List<Alert> out = h.extractOutputValues();
            assertEquals(1, out.size(), out.toString());
            assertTrue(out.get(0).getSummary().startsWith("2 more processes"), out.get(0).getSummary());
        }
    }
}
