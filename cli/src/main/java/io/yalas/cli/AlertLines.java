package io.yalas.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yalas.schemas.Alert;
import io.yalas.schemas.AlertProcess;
import io.yalas.schemas.ExplainedTransition;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How an alert reads on a terminal, and as one JSON object per line for other tools (SIEM, webhooks, jq). */
final class AlertLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONTAINER_ID_SHOWN = 12;

    private AlertLines() {
    }

    /** One line: when, how bad, which detector, where, which process, what happened. */
    static String text(Alert a) {
        AlertProcess p = a.getProcess();
        List<String> where = new ArrayList<>();
        where.add(a.getHost());
        if (a.getContainerId() != null) {
            where.add(a.getContainerId().substring(0, Math.min(CONTAINER_ID_SHOWN, a.getContainerId().length())));
        }
        String process = (p.getComm() != null ? p.getComm() : "?") + "[" + p.getPid() + "]" + (p.getExe() != null ? " " + p.getExe() : "");
        return String.format(Locale.ROOT, "%s %-8s %-26s %s %s: %s%s%s", a.getEventTime(), a.getSeverity(), a.getDetector(),
                String.join("/", where), process, a.getSummary(),
                a.getMitre().isEmpty() ? "" : " (" + String.join(", ", a.getMitre()) + ")",
                a.getDataLoss() ? String.format(Locale.ROOT, " [events were lost around it: confidence %.2f]", a.getConfidence()) : "");
    }

    /** The evidence under an alert: the transitions or events that made it, least probable first. */
    static List<String> explanation(Alert a) {
        List<String> lines = new ArrayList<>();
        for (ExplainedTransition t : a.getExplanation()) {
            lines.add(String.format(Locale.ROOT, "    #%d %s p=%.3g%s", t.getPosition(), t.getSymbol(), t.getProbability(),
                    t.getEvent() != null ? "  " + t.getEvent() : ""));
        }
        return lines;
    }

    static String json(Alert a) {
        ObjectNode o = JSON.createObjectNode();
        o.put("alert_id", a.getAlertId());
        o.put("event_time", a.getEventTime().toString());
        o.put("detected_time", a.getDetectedTime().toString());
        o.put("severity", a.getSeverity().name());
        o.put("detector", a.getDetector());
        o.put("host", a.getHost());
        o.put("run_id", a.getRunId());
        o.put("container_id", a.getContainerId());
        o.put("profile", a.getProfile());
        o.put("model_version", a.getModelVersion());
        AlertProcess p = a.getProcess();
        ObjectNode process = o.putObject("process");
        process.put("pid", p.getPid());
        process.put("uid", p.getUid());
        process.put("exe", p.getExe());
        process.put("comm", p.getComm());
        if (p.getArgv() != null) {
            ArrayNode argv = process.putArray("argv");
            p.getArgv().forEach(argv::add);
        }
        o.put("score", a.getScore());
        o.put("threshold", a.getThreshold());
        o.put("confidence", a.getConfidence());
        o.put("data_loss", a.getDataLoss());
        o.put("summary", a.getSummary());
        ArrayNode mitre = o.putArray("mitre");
        a.getMitre().forEach(mitre::add);
        ArrayNode explanation = o.putArray("explanation");
        for (ExplainedTransition t : a.getExplanation()) {
            ObjectNode e = explanation.addObject();
            e.put("position", t.getPosition());
            e.put("symbol", t.getSymbol());
            e.put("probability", t.getProbability());
            e.put("event", t.getEvent());
        }
        return o.toString();
    }
}
