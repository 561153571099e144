package io.yalas.flink.detect;

import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.EventCodec;
import io.yalas.flink.events.EventMapping;
import io.yalas.flink.rules.RuleEngine;
import io.yalas.flink.rules.RuleExceptions;
import io.yalas.flink.rules.RuleHit;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.avro.BehaviorModelCodec;
import io.yalas.model.score.ProcessScorer;
import io.yalas.model.score.ScorerState;
import io.yalas.model.train.TrainedModel;
import io.yalas.schemas.Alert;
import io.yalas.schemas.ModelState;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The heart of detection, keyed by process: each event is checked by the rules, turned into a symbol
 * and scored against the enforcing model of the process's profile; a window that crosses the model's
 * threshold becomes one explained alert. Models, loss reports and rule exceptions arrive on the broadcast
 * side, so a promoted model or a changed exception applies to the next event without restarting the job.
 */
public final class ScoreFunction extends KeyedBroadcastProcessFunction<Long, EncodedEvent, Control, Alert> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScoreFunction.class);
    private static final int EVIDENCE = 8;
    private static final int MAX_CACHED_SCORERS = 50_000;

    /** Profile -> its enforcing model. */
    public static final MapStateDescriptor<String, Control> MODELS =
            new MapStateDescriptor<>("enforcing-models", Types.STRING, TypeInformation.of(Control.class));
    /** Host -> its recent loss reports. */
    public static final MapStateDescriptor<String, LossHistory> LOSSES =
            new MapStateDescriptor<>("loss-reports", Types.STRING, TypeInformation.of(LossHistory.class));

    /** The rule exceptions set last (one entry, {@link #CURRENT}); until one arrives, those of the settings apply. */
    public static final MapStateDescriptor<String, Control> EXCEPTIONS =
            new MapStateDescriptor<>("rule-exceptions", Types.STRING, TypeInformation.of(Control.class));
    private static final String CURRENT = "current";

    private final DetectSettings settings;
    /** Enforcing models when the job was submitted: broadcast state starts empty, and events must not wait for it. */
    private final List<Control> initialModels;
    private transient Map<String, Control> initialByProfile;
    private transient ValueState<ProcessState> processes;
    /** Decoded models and their alphabets by profile; rebuilt lazily from broadcast state after a restore. */
    private transient Map<String, ModelInUse> decoded;
    /**
     * Scorers of recently active processes. A scorer holds its model's context history, rebuilt from the
     * keyed state when it is created; reusing it saves that per event. It is reused only while it wraps
     * the very state object the backend returns, so a restore or a copy-on-write snapshot never leaves
     * it scoring a stale copy.
     */
    private transient Map<Long, ProcessScorer> scorers;
    private transient EventCodec codec;
    /** Rule hits dropped by the rule exceptions: shown as a job metric so an exception that hides too much is seen. */
    private transient Counter suppressedRuleHits;
    /** Exception sets that arrived unreadable (written to the topic by something other than the CLI): the previous set stays. */
    private transient Counter rejectedRuleExceptions;
    /** The parsed form of the broadcast set {@link #exceptionsParsedFrom}, so events do not parse it again. */
    private transient Control exceptionsParsedFrom;
    private transient RuleExceptions exceptionsParsed;

    public ScoreFunction(DetectSettings settings, List<Control> initialModels) {
        this.settings = settings;
        this.initialModels = List.copyOf(initialModels);
    }

    @Override
    public void open(OpenContext context) {
        suppressedRuleHits = getRuntimeContext().getMetricGroup().counter("ruleHitsSuppressed");
        rejectedRuleExceptions = getRuntimeContext().getMetricGroup().counter("ruleExceptionsRejected");
        ValueStateDescriptor<ProcessState> descriptor = new ValueStateDescriptor<>("process", TypeInformation.of(ProcessState.class));
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(settings.stateTtl())
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        processes = getRuntimeContext().getState(descriptor);
        decoded = new HashMap<>();
        codec = new EventCodec();
        initialByProfile = new HashMap<>();
        initialModels.forEach(c -> initialByProfile.put(c.profile, c));
        scorers = new java.util.LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, ProcessScorer> eldest) {
                return size() > MAX_CACHED_SCORERS;
            }
        };
    }

    @Override
    public void processElement(EncodedEvent encoded, ReadOnlyContext ctx, Collector<Alert> out) throws Exception {
        SyscallEvent e = codec.decode(encoded);
        ProcessState p = processes.value();
        if (p == null) {
            p = newProcess(e);
        }
        refreshIdentity(p, e);
        Alerts alerts = new Alerts(e, p, ctx.getBroadcastState(LOSSES).get(e.getHost()));
        List<RuleHit> hits = RuleEngine.check(e, p.rules);
        RuleExceptions exceptions = hits.isEmpty() ? null : ruleExceptions(ctx.getBroadcastState(EXCEPTIONS).get(CURRENT));
        for (RuleHit hit : hits) {
            if (exceptions.suppresses(hit, e)) {
                suppressedRuleHits.inc();
            } else {
                out.collect(alerts.rule(hit));
            }
        }
        Control control = effectiveModel(ctx.getBroadcastState(MODELS).get(p.profile), p.profile);
        ModelInUse model = control != null && ModelState.ENFORCING.name().equals(control.state) ? modelFor(p.profile, control) : null;
        if (model == null || model.alphabet() == null) {
            // Kernel threads are not applications: no model is ever learned for them, so "unprofiled" would be noise.
            if (!p.unprofiledReported && !EventMapping.isKernelThread(e)) {
                p.unprofiledReported = true;
                out.collect(model == null ? alerts.unprofiled() : alerts.unprofiled(model.unusable()));
            }
        } else {
            score(ctx.getCurrentKey(), e, p, model, alerts, out);
        }
        p.events++;
        if (EventMapping.isExit(e)) {
            processes.clear();
            scorers.remove(ctx.getCurrentKey());
        } else {
            processes.update(p);
        }
    }

    /** The exceptions in force: the set broadcast last, or those of the settings while none has been. */
    private RuleExceptions ruleExceptions(Control broadcast) {
        if (broadcast == null) {
            return settings.ruleExceptions();
        }
        if (broadcast != exceptionsParsedFrom) {
            // Only readable sets enter broadcast state, but after a restore this task has not parsed it yet.
            exceptionsParsed = broadcast.parseExceptions();
            exceptionsParsedFrom = broadcast;
        }
        return exceptionsParsed;
    }

    /** A decoded model and the alphabet it was learned with; without one, why the model cannot be used. */
    private record ModelInUse(TrainedModel model, EventAlphabet alphabet, String unusable) {
    }

    /** The decoded model of a profile's enforcing version (decoded once per version). */
    private ModelInUse modelFor(String profile, Control control) {
        ModelInUse inUse = decoded.get(profile);
        if (inUse == null || inUse.model().version() != control.version) {
            TrainedModel model = BehaviorModelCodec.fromAvro(control.decodeModel());
            try {
                inUse = new ModelInUse(model, EventAlphabet.of(model.alphabet()), null);
            } catch (IllegalArgumentException ex) {
                // Scoring with another alphabet would give meaningless surprisals: the profile runs unprofiled
                // (and says so in its alerts) until a usable model version is promoted.
                String why = "the enforcing model " + profile + " v" + model.version() + " cannot be used: " + ex.getMessage();
                LOG.error(why);
                inUse = new ModelInUse(model, null, why);
            }
            decoded.put(profile, inUse);
        }
        return inUse;
    }

    private void score(long key, SyscallEvent e, ProcessState p, ModelInUse inUse, Alerts alerts, Collector<Alert> out) {
        TrainedModel model = inUse.model();
        int window = model.config().window();
        if (p.scorer == null || p.modelVersion != model.version()) {
            // A new model version starts the process's window afresh: old surprisals were in another model's units.
            ScorerState state = model.newScorerState();
            state.joinedMidStream = p.events > 0;
            p.startWindow(state);
            p.evidence = Evidence.withCapacity(EVIDENCE);
            p.modelVersion = model.version();
        }
        ProcessScorer scorer = scorers.get(key);
        if (scorer == null || scorer.state() != p.scorer) {
            scorer = model.newProcessScorer(p.scorer);
            scorers.put(key, scorer);
        }
        long position = p.scorer.position;
        p.recordTime(position, e.getTsNs());
        float surprisal = (float) scorer.accept(inUse.alphabet().encode(EventMapping.tokenInput(e)));
        long windowStart = position + 1 - window;
        if (p.evidence.worthOffering(surprisal, windowStart)) {
            p.evidence.offer(position, windowStart, surprisal, e.getSeq(), () -> EventMapping.render(e));
        }
        // The threshold was calibrated on full-window means (or whole short processes): a partial window
        // at a process's start is judged only when the process ends before filling one.
        boolean judged = scorer.windowFull() || EventMapping.isExit(e);
        boolean above = judged && scorer.alerting();
        if (above && !p.aboveThreshold && p.markovAlerts < settings.maxMarkovAlertsPerProcess()) {
            p.markovAlerts++;
            out.collect(alerts.markov(model, scorer.verdict(settings.explainTransitions()), p.timeAt(windowStart)));
        }
        p.aboveThreshold = above;
    }

    private static ProcessState newProcess(SyscallEvent e) {
        ProcessState p = new ProcessState();
        p.host = e.getHost();
        p.bootId = e.getBootId();
        p.pid = e.getPid();
        return p;
    }

    /** Exec changes what a process is: its profile follows, and its model window starts over. */
    private static void refreshIdentity(ProcessState p, SyscallEvent e) {
        String profile = EventMapping.profile(e);
        if (!profile.equals(p.profile)) {
            p.profile = profile;
            p.scorer = null;
            p.modelVersion = 0;
            p.unprofiledReported = false;
        }
        p.exe = e.getExe();
        p.comm = e.getComm();
        p.uid = e.getUid();
        p.containerId = e.getContainerId();
        p.runId = e.getRunId();
        if (e.getArgv() != null) {
            p.argv = new ArrayList<>(e.getArgv());
        }
    }

    /** What broadcast state says about the profile, or the submission-time snapshot while it says nothing. */
    private Control effectiveModel(Control broadcast, String profile) {
        return broadcast != null ? broadcast : initialByProfile.get(profile);
    }

    /**
     * Keeps, per profile, the model version whose state decides enforcement: an ENFORCING version replaces
     * it; the retirement of that same version replaces it as a tombstone; anything else is ignored. The
     * model topic is read from its start, so old records replay: LEARNING is never a demotion (the store
     * only moves LEARNING -> ENFORCING -> RETIRED, or back to ENFORCING), so a replayed LEARNING record
     * must not hide the snapshot. Tombstones stay so that a restored job never falls back to a stale snapshot.
     */
    @Override
    public void processBroadcastElement(Control c, Context ctx, Collector<Alert> out) throws Exception {
        if (Control.MODEL.equals(c.kind)) {
            BroadcastState<String, Control> models = ctx.getBroadcastState(MODELS);
            Control current = effectiveModel(models.get(c.profile), c.profile);
            boolean retiresCurrent = ModelState.RETIRED.name().equals(c.state) && current != null && current.version == c.version;
            if (ModelState.ENFORCING.name().equals(c.state) || retiresCurrent) {
                models.put(c.profile, c);
                decoded.remove(c.profile);
            }
        } else if (Control.LOSS.equals(c.kind)) {
            BroadcastState<String, LossHistory> losses = ctx.getBroadcastState(LOSSES);
            LossHistory history = losses.get(c.host);
            if (history == null) {
                history = new LossHistory();
            }
            history.add(c.lossStartMillis, c.lossEndMillis, c.lost, settings.lossMemory());
            losses.put(c.host, history);
        } else if (Control.EXCEPTIONS.equals(c.kind)) {
            try {
                exceptionsParsed = c.parseExceptions();
                exceptionsParsedFrom = c;
                ctx.getBroadcastState(EXCEPTIONS).put(CURRENT, c);
                LOG.info("rule exceptions from {} in force: {}", c.exceptionsSource, exceptionsParsed.describe());
            } catch (IllegalArgumentException ex) {
                rejectedRuleExceptions.inc();
                LOG.error("rule exceptions not applied, the previous ones stay: {}", ex.getMessage());
            }
        }
    }
}
