package io.yalas.flink.detect;

import io.yalas.flink.TestEvents;
import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.EventCodec;
import io.yalas.flink.events.EventMapping;
import io.yalas.flink.rules.RuleExceptions;
import io.yalas.model.alphabet.AlphabetConfig;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.markov.ModelConfig;
import io.yalas.model.train.ProfileLearner;
import io.yalas.model.train.Provenance;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.EventFamily;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.RuleExceptionSet;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreFunctionTest {
    static final String HTTPD = "/usr/sbin/httpd";
    final TestEvents events = new TestEvents("web-1");
    final EventCodec codec = new EventCodec();

    /** A model of the web server learned from normal requests, in the given state. */
    BehaviorModel httpdModel(long version, ModelState state) {
        return httpdModel(version, state, EventAlphabet.DEFAULT);
    }

    /** The same, learned with another alphabet configuration. */
    BehaviorModel httpdModel(long version, ModelState state, EventAlphabet alphabet) {
        ProfileLearner learner = new ProfileLearner(ModelConfig.DEFAULT.withWindow(12), alphabet.ref());
        for (int pid = 500; pid < 510; pid++) {
            for (int r = 0; r < 30; r++) {
                for (SyscallEvent e : events.request(pid, HTTPD, "/var/www/p" + (r % 4) + ".html")) {
                    learner.observe(HTTPD, EventMapping.processId(e), alphabet.encode(EventMapping.tokenInput(e)));
                }
            }
        }
        BehaviorModel m = BehaviorModelCodec.toAvro(learner.build(HTTPD, Provenance.UNKNOWN));
        return BehaviorModel.newBuilder(m).setModelVersion(version).setState(state).build();
    }

    KeyedBroadcastOperatorTestHarness<Long, EncodedEvent, Control, Alert> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ScoreFunction(DetectSettings.defaults(), List.of()),
                EncodedEvent::processId, Types.LONG, ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS);
    }

    void feed(KeyedBroadcastOperatorTestHarness<Long, EncodedEvent, Control, Alert> h, List<SyscallEvent> stream) throws Exception {
        for (SyscallEvent e : stream) {
            EncodedEvent encoded = codec.encode(e);
            h.processElement(encoded, encoded.eventTimeMillis());
        }
    }

    List<Alert> detector(KeyedBroadcastOperatorTestHarness<Long, EncodedEvent, Control, Alert> h, String name) {
        return h.extractOutputValues().stream().filter(a -> a.getDetector().equals(name)).toList();
    }

    @Test
    void withoutAModelAProcessIsReportedUnprofiledOnce() throws Exception {
        try (var h = harness()) {
            for (int r = 0; r < 5; r++) {
                feed(h, events.request(42, HTTPD, "/var/www/index.html"));
            }
            List<Alert> alerts = detector(h, "unprofiled");
            assertEquals(1, alerts.size());
            assertEquals(HTTPD, alerts.get(0).getProfile());
            assertEquals(io.yalas.schemas.Severity.LOW, alerts.get(0).getSeverity());
        }
    }

    @Test
    void ruleExceptionsSilenceKnownGoodSoftwareOnly() throws Exception {
        RuleExceptions exceptions = RuleExceptions.parse("test", List.of("allow credential-access exe=/usr/sbin/backupd"));
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ScoreFunction(DetectSettings.defaults().withRuleExceptions(exceptions), List.of()),
                EncodedEvent::processId, Types.LONG, ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS)) {
            feed(h, List.of(readsShadow(70, "/usr/sbin/backupd"), readsShadow(71, "/usr/bin/cat")));
            List<Alert> alerts = detector(h, "rule:credential-access");
            assertEquals(List.of(71), alerts.stream().map(a -> a.getProcess().getPid()).toList(),
                    "the backup agent is allowed to read the shadow file; cat is not");
        }
    }

    SyscallEvent readsShadow(int pid, String exe) {
        return events.event(pid, exe, "openat", EventFamily.FILE).setPath("/etc/shadow").setRet(3).build();
    }

    static Control exceptionSet(String source, String text) {
        return Control.of(RuleExceptionSet.newBuilder().setSource(source).setText(text).setSetTime(java.time.Instant.EPOCH).setSetBy("test").build());
    }

    @Test
    void ruleExceptionsChangedWhileTheJobRunsApplyFromTheNextEventAndSurviveARestore() throws Exception {
        RuleExceptions atSubmission = RuleExceptions.parse("test", List.of("allow credential-access exe=/usr/sbin/backupd"));
        OperatorSubtaskState snapshot;
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ScoreFunction(DetectSettings.defaults().withRuleExceptions(atSubmission), List.of()),
                EncodedEvent::processId, Types.LONG, ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS)) {
            feed(h, List.of(readsShadow(70, "/usr/sbin/backupd"), readsShadow(71, "/usr/bin/cat")));
            h.processBroadcastElement(exceptionSet("quiet.conf", "disable credential-access\n"), 0);
            feed(h, List.of(readsShadow(72, "/usr/bin/cat")));
            h.processBroadcastElement(exceptionSet("typo.conf", "disable credential-acess\n"), 0);
            feed(h, List.of(readsShadow(73, "/usr/bin/cat")));
            assertEquals(List.of(71), detector(h, "rule:credential-access").stream().map(a -> a.getProcess().getPid()).toList(),
                    "backupd allowed at submission; after 'disable' nobody is reported, and an unreadable set keeps the previous one");
            snapshot = h.snapshot(1, 1);
        }
        try (var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ScoreFunction(DetectSettings.defaults(), List.of()),
                        List.of(ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS)),
                EncodedEvent::processId, Types.LONG, 128, 1, 0)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, List.of(readsShadow(74, "/usr/bin/cat")));
            assertTrue(detector(h, "rule:credential-access").isEmpty(), "the set in force survives the restore");
            h.processBroadcastElement(exceptionSet("yalas exceptions clear", ""), 0);
            feed(h, List.of(readsShadow(75, "/usr/bin/cat"), readsShadow(76, "/usr/sbin/backupd")));
            assertEquals(List.of(75, 76), detector(h, "rule:credential-access").stream().map(a -> a.getProcess().getPid()).toList(),
                    "cleared: every rule on everywhere, the submission's allow replaced too");
        }
    }

    @Test
    void kernelThreadsAreNotReportedUnprofiled() throws Exception {
        try (var h = harness()) {
            feed(h, List.of(
                    events.event(2, "kthreadd", "clone", EventFamily.PROCESS).setExe(null).setPpid(0).setRet(812).build(),
                    events.event(812, "kworker", "exit", EventFamily.PROCESS).setExe(null).setComm("kworker/0:2").setPpid(2).build(),
                    events.event(813, "sh", "clone", EventFamily.PROCESS).setExe(null).setComm("sh").setPpid(1).build()));
            List<Alert> alerts = detector(h, "unprofiled");
            assertEquals(List.of("comm:sh"), alerts.stream().map(Alert::getProfile).toList(),
                    "kthreadd and its workers are kernel threads; a user process without a known executable is still reported");
        }
    }

    @Test
    void normalRequestsPassAndAnInjectionIsExplained() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(Control.of(httpdModel(1, ModelState.ENFORCING)), 0);
            for (int r = 0; r < 40; r++) {
                feed(h, events.request(77, HTTPD, "/var/www/p" + (r % 4) + ".html"));
            }
            assertTrue(h.extractOutputValues().isEmpty(), "normal traffic raised " + h.extractOutputValues());

            feed(h, events.attack(77, HTTPD));
            List<Alert> markov = detector(h, "markov");
            assertEquals(1, markov.size(), "one alert per excursion above the threshold: " + markov);
            Alert alert = markov.get(0);
            assertEquals(HTTPD, alert.getProfile());
            assertEquals(1L, alert.getModelVersion());
            assertTrue(alert.getScore() > alert.getThreshold());
            assertFalse(alert.getExplanation().isEmpty());
            assertTrue(alert.getExplanation().stream().anyMatch(t -> t.getEvent() != null && t.getEventSeq() != null),
                    "the events behind the improbable transitions are named: " + alert.getExplanation());
            assertTrue(alert.getWindowStartNs() <= alert.getWindowEndNs());
            assertTrue(detector(h, "rule:memory-spray").isEmpty(), "six RWX changes are below the spray threshold");
        }
    }

    /** An alphabet in which the web root is user data (HOME) instead of OTHER, as a site's configuration might say. */
    static final EventAlphabet WEB_ROOT_AS_HOME = AlphabetConfig.parse("test", List.of("path /var/www = HOME"));

    @Test
    void aModelIsScoredWithTheAlphabetItWasLearnedWith() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(Control.of(httpdModel(1, ModelState.ENFORCING, WEB_ROOT_AS_HOME)), 0);
            for (int r = 0; r < 40; r++) {
                feed(h, events.request(78, HTTPD, "/var/www/p" + (r % 4) + ".html"));
            }
            // With the default alphabet every /var/www access would be a symbol the model never saw.
            assertTrue(h.extractOutputValues().isEmpty(), "normal traffic raised " + h.extractOutputValues());
            feed(h, events.attack(78, HTTPD));
            assertEquals(1, detector(h, "markov").size());
        }
    }

    @Test
    void aModelWhoseAlphabetCannotBeRebuiltIsNotUsed() throws Exception {
        BehaviorModel m = httpdModel(1, ModelState.ENFORCING, WEB_ROOT_AS_HOME);
        m.getAlphabet().setConfiguration(null);
        try (var h = harness()) {
            h.processBroadcastElement(Control.of(m), 0);
            for (int r = 0; r < 5; r++) {
                feed(h, events.request(79, HTTPD, "/var/www/p" + (r % 4) + ".html"));
            }
            assertTrue(detector(h, "markov").isEmpty(), "no score from symbols the model was not learned with");
            List<Alert> unprofiled = detector(h, "unprofiled");
            assertEquals(1, unprofiled.size(), "the process is reported as running without a usable model");
            assertTrue(unprofiled.get(0).getSummary().contains("model " + HTTPD + " v1 cannot be used: alphabet yalas-event-"),
                    unprofiled.get(0).getSummary());
        }
    }

    @Test
    void aShortProcessIsJudgedOnEverythingWhenItExits() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(Control.of(httpdModel(1, ModelState.ENFORCING)), 0);
            List<SyscallEvent> shortLived = new java.util.ArrayList<>(events.attack(31, HTTPD).subList(0, 6));
            feed(h, shortLived);
            assertTrue(detector(h, "markov").isEmpty(), "a partial window is not judged while the process runs");
            feed(h, List.of(events.event(31, HTTPD, "sched_process_exit", io.yalas.schemas.EventFamily.PROCESS).setExitCode(0).build()));
            assertEquals(1, detector(h, "markov").size());
        }
    }

    @Test
    void aModelEnforcingAtSubmissionScoresTheFirstEventsAndABroadcastRetireOverridesIt() throws Exception {
        Control initial = Control.of(httpdModel(3, ModelState.ENFORCING));
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ScoreFunction(DetectSettings.defaults(), List.of(initial)),
                EncodedEvent::processId, Types.LONG, ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS)) {
            feed(h, events.request(70, HTTPD, "/var/www/p0.html"));
            assertTrue(detector(h, "unprofiled").isEmpty(), "the submission-time model covers the first events");
            // The model topic replays from its start: the version's LEARNING record comes before its promotion.
            h.processBroadcastElement(Control.of(httpdModel(3, ModelState.LEARNING)), 0);
            feed(h, events.request(72, HTTPD, "/var/www/p0.html"));
            assertTrue(detector(h, "unprofiled").isEmpty(), "a replayed LEARNING record is not a demotion");
            h.processBroadcastElement(Control.of(httpdModel(3, ModelState.RETIRED)), 0);
            feed(h, events.request(71, HTTPD, "/var/www/p0.html"));
            assertEquals(1, detector(h, "unprofiled").size(), "the retire on the model stream wins over the snapshot");
        }
    }

    @Test
    void aProcessRunningBeforeItsModelArrivedJoinsWithoutAFalseAlarm() throws Exception {
        try (var h = harness()) {
            for (int r = 0; r < 3; r++) {
                feed(h, events.request(80, HTTPD, "/var/www/p" + (r % 4) + ".html"));
            }
            // The model arrives in the middle of a request of the running process.
            List<SyscallEvent> next = events.request(80, HTTPD, "/var/www/p3.html");
            feed(h, next.subList(0, 4));
            h.processBroadcastElement(Control.of(httpdModel(1, ModelState.ENFORCING)), 0);
            feed(h, next.subList(4, next.size()));
            for (int r = 0; r < 30; r++) {
                feed(h, events.request(80, HTTPD, "/var/www/p" + (r % 4) + ".html"));
            }
            assertTrue(detector(h, "markov").isEmpty(), "joined mid-request, scored as unknown history: " + detector(h, "markov"));
        }
    }

    @Test
    void aModelPromotedMidStreamAppliesToTheNextEvent() throws Exception {
        try (var h = harness()) {
            feed(h, events.request(90, HTTPD, "/var/www/p0.html"));
            assertEquals(1, detector(h, "unprofiled").size());
            h.processBroadcastElement(Control.of(httpdModel(2, ModelState.ENFORCING)), 0);
            feed(h, events.attack(90, HTTPD));
            assertEquals(2L, detector(h, "markov").get(0).getModelVersion());

            h.processBroadcastElement(Control.of(httpdModel(2, ModelState.RETIRED)), 0);
            feed(h, events.request(91, HTTPD, "/var/www/p0.html"));
            assertEquals(2, detector(h, "unprofiled").size(), "a retired model no longer covers new processes");
        }
    }

    @Test
    void restoredFromASnapshotTheJobContinuesWithTheSameState() throws Exception {
        OperatorSubtaskState snapshot;
        List<Alert> uninterrupted;
        try (var h = harness()) {
            h.processBroadcastElement(Control.of(httpdModel(1, ModelState.ENFORCING)), 0);
            for (int r = 0; r < 10; r++) {
                feed(h, events.request(60, HTTPD, "/var/www/p1.html"));
            }
            snapshot = h.snapshot(1, 1);
        }
        List<SyscallEvent> rest = events.attack(60, HTTPD);
        try (var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ScoreFunction(DetectSettings.defaults(), List.of()), List.of(ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS)),
                EncodedEvent::processId, Types.LONG, 128, 1, 0)) {
            h.initializeState(snapshot);
            h.open();
            feed(h, rest);
            uninterrupted = detector(h, "markov");
            assertEquals(1, uninterrupted.size(), "the model and the process's window survive the restore");
            assertTrue(detector(h, "unprofiled").isEmpty(), "the broadcast model survives the restore");
            assertNotNull(uninterrupted.get(0).getExplanation());
        }
    }

    @Test
    void lossOnTheHostLowersConfidence() throws Exception {
        try (var h = harness()) {
            Control loss = new Control();
            loss.kind = Control.LOSS;
            loss.host = "web-1";
            loss.lossStartMillis = 0;
            loss.lossEndMillis = Long.MAX_VALUE / 2;
            loss.lost = 17;
            h.processBroadcastElement(loss, 0);
            feed(h, List.of(events.event(5, "/bin/x", "openat", io.yalas.schemas.EventFamily.FILE).setPath("/etc/shadow").setRet(3).build()));
            Alert alert = detector(h, "rule:credential-access").get(0);
            assertTrue(alert.getDataLoss());
            assertEquals(0.5, alert.getConfidence());
            assertTrue(alert.getSummary().contains("17 events were lost"));
        }
    }
}
