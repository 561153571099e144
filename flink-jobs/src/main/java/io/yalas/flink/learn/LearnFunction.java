package io.yalas.flink.learn;

import io.yalas.flink.events.EventMapping;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.train.ProfileLearner;
import io.yalas.model.train.Provenance;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.SyscallCount;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Learns one profile's model from a bounded run of its events (keyed by profile) and emits it when the
 * input ends: the end-of-input watermark fires the timer every key registered at the end of time.
 *
 * <p>Learning state lives in the operator, not in Flink state: a learning run is bounded and cheap to
 * repeat, so after a failure the job simply restarts from its input rather than checkpointing trace
 * buffers. A coalesced event (a run of identical calls) is one symbol, as it is for the detect job.
 */
public final class LearnFunction extends KeyedProcessFunction<String, SyscallEvent, BehaviorModel> {
    private static final long serialVersionUID = 1L;

    private final LearnSettings settings;
    private transient Map<String, ProfileRun> runs;

    /** What one profile's learning has seen besides symbols: the provenance and the raw syscall names. */
    private static final class ProfileRun {
        final ProfileLearner learner;
        final TreeSet<String> runIds = new TreeSet<>();
        final TreeSet<String> hosts = new TreeSet<>();
        final Map<String, Long> syscalls = new TreeMap<>();
        long firstMillis = Long.MAX_VALUE;
        long lastMillis = Long.MIN_VALUE;

        ProfileRun(LearnSettings settings) {
            learner = new ProfileLearner(settings.modelConfig(), settings.alphabet().ref());
        }
    }

    public LearnFunction(LearnSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        runs = new HashMap<>();
    }

    @Override
    public void processElement(SyscallEvent e, Context ctx, Collector<BehaviorModel> out) {
        String profile = ctx.getCurrentKey();
        ProfileRun run = runs.computeIfAbsent(profile, p -> new ProfileRun(settings));
        long process = EventMapping.processId(e);
        run.learner.observe(profile, process, settings.alphabet().encode(EventMapping.tokenInput(e)));
        if (EventMapping.isExit(e)) {
            run.learner.endProcess(profile, process);
        }
        if (e.getRunId() != null) {
            run.runIds.add(e.getRunId());
        }
        run.hosts.add(e.getHost());
        run.syscalls.merge(e.getSyscall(), (long) e.getCount(), Long::sum);
        long millis = e.getEventTime().toEpochMilli();
        run.firstMillis = Math.min(run.firstMillis, millis);
        run.lastMillis = Math.max(run.lastMillis, millis);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<BehaviorModel> out) {
        String profile = ctx.getCurrentKey();
        ProfileRun run = runs.remove(profile);
        if (run == null) {
            return;
        }
        Provenance provenance = new Provenance(List.copyOf(run.runIds), settings.testSuite(), List.copyOf(run.hosts),
                Instant.ofEpochMilli(run.firstMillis), Instant.ofEpochMilli(run.lastMillis));
        TrainedModel model = run.learner.build(profile, provenance);
        List<SyscallCount> syscalls = run.syscalls.entrySet().stream().map(s -> new SyscallCount(s.getKey(), s.getValue())).toList();
        out.collect(BehaviorModel.newBuilder(BehaviorModelCodec.toAvro(model)).setSyscalls(syscalls).build());
    }
}
