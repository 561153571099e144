package io.yalas.flink.detect;

import io.yalas.flink.events.EventMapping;
import io.yalas.flink.rules.RuleHit;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.score.Transition;
import io.yalas.model.score.Verdict;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.ExplainedTransition;
import io.yalas.schemas.Severity;
import io.yalas.schemas.SyscallEvent;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds the alerts one event can raise, with the process, host and loss context they share. Alert ids
 * are derived from what the alert is about, so replaying the same events yields the same ids.
 */
final class Alerts {
    private final SyscallEvent event;
    private final ProcessState process;
    private final LossHistory losses;

    Alerts(SyscallEvent event, ProcessState process, LossHistory losses) {
        this.event = event;
        this.process = process;
        this.losses = losses;
    }

    Alert rule(RuleHit hit) {
        return base("rule:" + hit.rule(), event.getTsNs(), event.getTsNs(), hit.severity(), hit.summary())
                .setScore(1.0).setThreshold(1.0).setMitre(hit.mitre())
                .setExplanation(List.of(new ExplainedTransition(0, List.of(), hit.rule(), 0.0, event.getSeq(), EventMapping.render(event))))
                .build();
    }

    Alert unprofiled() {
        return unprofiled("no enforcing behaviour model for profile " + process.profile);
    }

    /** Unprofiled for a stated reason (e.g. an enforcing model that cannot be used). */
    Alert unprofiled(String why) {
        return base("unprofiled", event.getTsNs(), event.getTsNs(), Severity.LOW,
                why + ": " + process.comm + " (pid " + process.pid + ") runs unprofiled")
                .setScore(0.0).setThreshold(0.0).build();
    }

    Alert markov(TrainedModel model, Verdict v, long windowStartNs) {
        List<ExplainedTransition> explanation = new ArrayList<>();
        for (Transition t : v.leastProbable()) {
            List<String> context = new ArrayList<>();
            for (int c : t.context()) {
                context.add(c < 0 ? "^" : EventAlphabet.DEFAULT.letters(c));
            }
            int found = process.evidence.indexOf(t.position());
            explanation.add(new ExplainedTransition((int) t.position(), context, EventAlphabet.DEFAULT.describe(t.symbol()),
                    t.probability(), found < 0 ? null : process.evidence.seqs[found], found < 0 ? null : process.evidence.events[found]));
        }
        double ratio = v.score() / Math.max(v.threshold(), 1e-9);
        Severity severity = ratio >= 2 ? Severity.HIGH : ratio >= 1.3 ? Severity.MEDIUM : Severity.LOW;
        String worst = explanation.isEmpty() ? "" : "; least probable: " + explanation.get(0).getSymbol()
                + (explanation.get(0).getEvent() == null ? "" : " [" + explanation.get(0).getEvent() + "]");
        String summary = String.format(Locale.ROOT, "%s (pid %d) left its behaviour model %s@%d: window score %.2f > threshold %.2f nats/event%s",
                process.comm, process.pid, model.profile(), model.version(), v.score(), v.threshold(), worst);
        return base("markov", windowStartNs, event.getTsNs(), severity, summary)
                .setModelVersion(model.version()).setScore(v.score()).setThreshold(v.threshold())
                .setExplanation(explanation).setMitre(List.of()).build();
    }

    private Alert.Builder base(String detector, long windowStartNs, long windowEndNs, Severity severity, String summary) {
        long lost = losses == null ? 0 : losses.lostBetween(windowStartNs / 1_000_000 - 1000, windowEndNs / 1_000_000 + 1000);
        String id = UUID.nameUUIDFromBytes((event.getHost() + "|" + event.getBootId() + "|" + event.getPid() + "|" + detector
                + "|" + event.getSeq()).getBytes(StandardCharsets.UTF_8)).toString();
        return Alert.newBuilder()
                .setAlertId(id)
                .setEventTime(event.getEventTime())
                .setDetectedTime(Instant.now())
                .setHost(event.getHost())
                .setBootId(event.getBootId())
                .setRunId(event.getRunId())
                .setContainerId(event.getContainerId())
                .setProfile(process.profile)
                .setProcess(AlertProcess.newBuilder().setPid(event.getPid()).setTid(event.getTid()).setUid(event.getUid())
                        .setExe(process.exe).setComm(process.comm).setArgv(process.argv)
                        .setAncestry(event.getAncestry() == null ? List.of() : event.getAncestry()).build())
                .setDetector(detector)
                .setWindowStartNs(windowStartNs)
                .setWindowEndNs(windowEndNs)
                .setSeverity(severity)
                .setDataLoss(lost > 0)
                .setConfidence(lost > 0 ? 0.5 : 1.0)
                .setSummary(lost > 0 ? summary + " (" + lost + " events were lost on this host around this time)" : summary)
                .setMitre(List.of())
                .setExplanation(List.of());
    }
}
