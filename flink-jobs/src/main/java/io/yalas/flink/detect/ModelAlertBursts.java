package io.yalas.flink.detect;

import io.yalas.schemas.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Keyed by (host, profile, executable): the first model alert of a burst goes out at once; the alerts that
 * follow it within {@code quiet} of each other (event time) are folded into one summary alert when the
 * burst ends. An interactive shell in a compromised container starts a new process for nearly every
 * command and each one leaves the model; the analyst needs the first alert now and a count, not a page
 * per process. The summary is the burst's most anomalous alert with the count and the pids in its summary.
 * A burst ends when event time passes its last alert by {@code quiet}, or, should event time stall (a quiet
 * host marks its partition idle), when as much wall-clock time has passed since its last alert.
 */
public final class ModelAlertBursts extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;
    private static final int PIDS_NAMED = 8;

    /** The open burst of one key. */
    public static class Burst {
        public long lastEventMillis;
        public long wallClockDeadline;
        public String firstAlertId;
        public int folded;
        public long firstFoldedMillis;
        public List<Integer> pids = new ArrayList<>();
        /** The folded alert with the highest score: the summary is built from it. */
        public Alert worst;
    }

    private final long quietMillis;
    private transient ValueState<Burst> burst;

    public ModelAlertBursts(Duration quiet) {
        this.quietMillis = quiet.toMillis();
    }

    public static String key(Alert a) {
        return a.getHost() + "|" + a.getProfile() + "|" + a.getProcess().getExe();
    }

    @Override
    public void open(OpenContext context) {
        burst = getRuntimeContext().getState(new ValueStateDescriptor<>("model-alert-burst", TypeInformation.of(Burst.class)));
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long time = alert.getEventTime().toEpochMilli();
        Burst b = burst.value();
        if (b != null && time <= b.lastEventMillis + quietMillis) {
            b.folded++;
            if (b.folded == 1) {
                b.firstFoldedMillis = time;
            }
            if (b.pids.size() < PIDS_NAMED) {
                b.pids.add(alert.getProcess().getPid());
            }
            if (b.worst == null || alert.getScore() > b.worst.getScore()) {
                b.worst = alert;
            }
            cancelTimers(b, ctx);
            b.lastEventMillis = Math.max(b.lastEventMillis, time);
            scheduleEnd(b, ctx);
            burst.update(b);
            return;
        }
        if (b != null) {
            cancelTimers(b, ctx);
            emitSummary(b, out);
        }
        out.collect(alert);
        Burst started = new Burst();
        started.lastEventMillis = time;
        started.firstAlertId = alert.getAlertId();
        scheduleEnd(started, ctx);
        burst.update(started);
    }

    private void scheduleEnd(Burst b, Context ctx) {
        b.wallClockDeadline = ctx.timerService().currentProcessingTime() + quietMillis;
        ctx.timerService().registerEventTimeTimer(b.lastEventMillis + quietMillis);
        ctx.timerService().registerProcessingTimeTimer(b.wallClockDeadline);
    }

    private void cancelTimers(Burst b, Context ctx) {
        ctx.timerService().deleteEventTimeTimer(b.lastEventMillis + quietMillis);
        ctx.timerService().deleteProcessingTimeTimer(b.wallClockDeadline);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Burst b = burst.value();
        if (b == null) {
            return;
        }
        boolean ended = ctx.timeDomain() == TimeDomain.EVENT_TIME ? timestamp >= b.lastEventMillis + quietMillis
                : timestamp >= b.wallClockDeadline;
        if (ended) {
            cancelTimers(b, ctx);
            emitSummary(b, out);
            burst.clear();
        }
    }

    private static void emitSummary(Burst b, Collector<Alert> out) {
        if (b.folded == 0) {
            return;
        }
        Alert worst = b.worst;
        String pids = b.pids.stream().map(String::valueOf).reduce((x, y) -> x + ", " + y).orElse("")
                + (b.folded > b.pids.size() ? ", ..." : "");
        String summary = String.format(Locale.ROOT, "%d more processes of %s left the model %s after alert %s, between %s and %s (pids %s); the most anomalous: %s",
                b.folded, worst.getProcess().getExe(), worst.getProfile(), b.firstAlertId, Instant.ofEpochMilli(b.firstFoldedMillis),
                Instant.ofEpochMilli(b.lastEventMillis), pids, worst.getSummary());
        out.collect(Alert.newBuilder(worst)
                .setAlertId(UUID.nameUUIDFromBytes((b.firstAlertId + "|burst").getBytes(StandardCharsets.UTF_8)).toString())
                .setDetectedTime(Instant.now())
                .setSummary(summary)
                .build());
    }
}
