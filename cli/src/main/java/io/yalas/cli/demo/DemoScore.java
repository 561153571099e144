package io.yalas.cli.demo;

import io.yalas.schemas.Alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Grades the detect job's alerts against the corpus labels: an attack is detected when an alert of its
 * run falls inside its labelled interval (with a little slack: an alert is dated by the events behind
 * it); every alert on a benign production run is a false alarm, and so is one in an attack run outside
 * the attack's interval. "Unprofiled" notices are not detections and are counted apart.
 */
public final class DemoScore {
    /** Seconds either side of a labelled attack interval within which an alert counts for it. */
    static final long SLACK_NS = 2_000_000_000L;

    public record RunResult(CorpusRun run, List<Alert> detections, List<Alert> falseAlarms, List<Alert> unprofiled) {
        public boolean detected() {
            return !detections.isEmpty();
        }
    }

    private DemoScore() {
    }

    public static List<RunResult> grade(List<CorpusRun> runs, Map<String, String> runIds, List<Alert> alerts) {
        Map<String, List<Alert>> byRun = new TreeMap<>();
        for (Alert a : alerts) {
            if (a.getRunId() != null) {
                byRun.computeIfAbsent(a.getRunId(), k -> new ArrayList<>()).add(a);
            }
        }
        List<RunResult> results = new ArrayList<>();
        for (CorpusRun run : runs) {
            if (run.isLearn()) {
                continue;
            }
            List<Alert> detections = new ArrayList<>();
            List<Alert> falseAlarms = new ArrayList<>();
            List<Alert> unprofiled = new ArrayList<>();
            for (Alert a : byRun.getOrDefault(runIds.get(run.run()), List.of())) {
                if (a.getDetector().equals("unprofiled")) {
                    unprofiled.add(a);
                } else if (run.isAttack() && a.getWindowEndNs() >= run.attackStartNs() - SLACK_NS
                        && a.getWindowStartNs() <= run.attackEndNs() + SLACK_NS) {
                    detections.add(a);
                } else {
                    falseAlarms.add(a);
                }
            }
            results.add(new RunResult(run, detections, falseAlarms, unprofiled));
        }
        return results;
    }
}
