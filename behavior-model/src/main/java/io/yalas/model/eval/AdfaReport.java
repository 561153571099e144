package io.yalas.model.eval;

import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Figures of one evaluation run.
 *
 * @param auc             ROC AUC, all normal traces vs all attack traces
 * @param perFamily       ROC AUC of all normal traces vs each attack family
 * @param familySizes     attack traces per family
 * @param drAtFpr1pct     fraction of attacks detected at the threshold giving 1% false alarms on normal
 * @param drAtFpr5pct     same at 5%
 * @param threshold       the model's own threshold (learned on held-out training folds)
 * @param thresholdFpr    fraction of normal traces above the model's own threshold
 * @param thresholdDr     fraction of attack traces above it
 * @param trainTraces     training traces
 * @param normalTraces    normal traces scored
 * @param attackTraces    attack traces scored
 * @param contexts        contexts in the compiled model
 * @param transitions     transitions in the compiled model
 * @param modelBytes      approximate heap size of the compiled model
 * @param unseenMass      Good-Turing unseen-transition mass after training
 * @param ready           the model's ready-to-enforce verdict
 * @param seconds         wall time of the run
 * @param detectors       what the score is: "markov" (highest window mean surprisal, nats/event) or
 *                        "markov+set/fisher" (Fisher's combination of both detectors' conformal p-values)
 * @param heldOutFpr      fraction of held-out training processes above the model's threshold
 */
public record AdfaReport(double auc, SortedMap<String, Double> perFamily, SortedMap<String, Integer> familySizes,
                         double drAtFpr1pct, double drAtFpr5pct, double threshold, double thresholdFpr,
                         double thresholdDr, int trainTraces, int normalTraces, int attackTraces, int contexts,
                         int transitions, long modelBytes, double unseenMass, boolean ready, double seconds,
                         String detectors, double heldOutFpr) {

    public AdfaReport {
        perFamily = new TreeMap<>(perFamily);
        familySizes = new TreeMap<>(familySizes);
    }

    /** Human-readable summary, several lines. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "traces: train %d, normal %d, attack %d%n", trainTraces, normalTraces, attackTraces));
        sb.append(String.format(Locale.ROOT, "model: %d contexts, %d transitions, %.1f MiB in memory; unseen mass %.5f, ready %s%n",
                contexts, transitions, modelBytes / 1048576.0, unseenMass, ready));
        sb.append(String.format(Locale.ROOT, "AUC overall %.4f%n", auc));
        for (Map.Entry<String, Double> e : perFamily.entrySet()) {
            sb.append(String.format(Locale.ROOT, "  AUC %-20s %.4f (%d traces)%n", e.getKey(), e.getValue(), familySizes.get(e.getKey())));
        }
        sb.append(String.format(Locale.ROOT, "detection rate at 1%% false alarms %.4f, at 5%% %.4f%n", drAtFpr1pct, drAtFpr5pct));
        sb.append(String.format(Locale.ROOT, "detectors %s; model threshold %.4f %s (held-out false alarms %.4f): false alarms %.4f, detection %.4f%n",
                detectors, threshold, detectors.equals("markov") ? "nats/event" : "(combined statistic)", heldOutFpr,
                thresholdFpr, thresholdDr));
        sb.append(String.format(Locale.ROOT, "time %.1f s%n", seconds));
        return sb.toString();
    }

    /** One-line JSON object (keys in snake_case; the first six are the stable interface). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        sb.append("\"auc\":").append(num(auc));
        sb.append(",\"per_family\":{");
        boolean first = true;
        for (Map.Entry<String, Double> e : perFamily.entrySet()) {
            sb.append(first ? "" : ",").append(str(e.getKey())).append(':').append(num(e.getValue()));
            first = false;
        }
        sb.append('}');
        sb.append(",\"dr_at_fpr_1pct\":").append(num(drAtFpr1pct));
        sb.append(",\"dr_at_fpr_5pct\":").append(num(drAtFpr5pct));
        sb.append(",\"threshold_fpr\":").append(num(thresholdFpr));
        sb.append(",\"threshold_dr\":").append(num(thresholdDr));
        sb.append(",\"threshold\":").append(num(threshold));
        sb.append(",\"train_traces\":").append(trainTraces);
        sb.append(",\"normal_traces\":").append(normalTraces);
        sb.append(",\"attack_traces\":").append(attackTraces);
        sb.append(",\"contexts\":").append(contexts);
        sb.append(",\"transitions\":").append(transitions);
        sb.append(",\"model_bytes\":").append(modelBytes);
        sb.append(",\"unseen_mass\":").append(num(unseenMass));
        sb.append(",\"ready\":").append(ready);
        sb.append(",\"seconds\":").append(num(seconds));
        sb.append(",\"detectors\":").append(str(detectors));
        sb.append(",\"held_out_fpr\":").append(num(heldOutFpr));
        return sb.append('}').toString();
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null";
    }

    static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
