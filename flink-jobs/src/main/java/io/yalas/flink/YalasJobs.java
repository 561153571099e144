package io.yalas.flink;

import io.yalas.flink.detect.DetectJob;
import io.yalas.flink.detect.DetectSettings;
import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.HostWatermarks;
import io.yalas.flink.kafka.KafkaIo;
import io.yalas.flink.learn.LearnJob;
import io.yalas.flink.learn.LearnSettings;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.RuleExceptionSet;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.Topics;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;
import java.util.Set;

/**
 * The jobs wired to the YALAS Kafka topics. This is the only place that knows where the data lives;
 * {@link LearnJob} and {@link DetectJob} only see streams.
 */
public final class YalasJobs {
    /** How far one host's events may arrive out of order. */
    static final Duration LATENESS = Duration.ofSeconds(5);
    /** A host silent this long (wall clock) stops holding back event time. */
    static final Duration HOST_IDLENESS = Duration.ofSeconds(30);
    private YalasJobs() {
    }

    /**
     * Event time for the detect job's events. Streaming: per-host watermarks, so model-alert bursts end while
     * the job runs. A bounded replay needs event time only at the end of input: a burst folds alerts by their
     * own times whatever the watermark, and its summary may wait. Per-host watermarks there would let a reader
     * still waiting for its first records count as idle, so another reader that finished first could send
     * event time to its end alone; bursts opened after that wait for a wall-clock timer that a finishing job
     * drops, and their summaries were lost.
     */
    static WatermarkStrategy<EncodedEvent> detectEventTime(boolean bounded) {
        if (bounded) {
            return WatermarkStrategy.<EncodedEvent>noWatermarks().withTimestampAssigner((e, previous) -> e.eventTimeMillis());
        }
        return HostWatermarks.strategy(EncodedEvent::host, (e, previous) -> e.eventTimeMillis(), LATENESS, HOST_IDLENESS);
    }

    /** Models learned from the events that {@code include} selects among those currently in the events topic. */
    public static DataStream<BehaviorModel> learn(StreamExecutionEnvironment env, KafkaIo kafka, LearnJob.SerializablePredicate include,
                                                  LearnSettings settings) {
        Topics.ensure(kafka.kafka(), Duration.ofSeconds(30));
        // No watermarks: learning needs only the end of input (LearnFunction's timer at the end of time). With
        // per-host watermarks a reader still waiting for its first records counts as idle, so one that finished
        // early sent the end-of-time watermark alone, the models were built, and later events were lost.
        DataStream<SyscallEvent> events = env.fromSource(kafka.source(Topics.EVENTS, SyscallEvent.class, "yalas-learn", true),
                WatermarkStrategy.noWatermarks(), "events");
        return LearnJob.build(events, include, settings);
    }

    /**
     * Adds the detect pipeline to {@code env}: events, models, stats and rule exceptions from Kafka, alerts to the
     * alerts topic exactly once; {@code settings}' rule exceptions apply until the topic's arrive. {@code bounded} reads only what the topics hold at start and ends (replays, the demo);
     * otherwise it runs until cancelled. {@code onlyRuns}, when not empty, limits scoring to those run ids.
     */
    public static void detect(StreamExecutionEnvironment env, KafkaIo kafka, boolean bounded, Set<String> onlyRuns,
                              DetectSettings settings, String transactionalIdPrefix, java.util.List<BehaviorModel> enforcingNow) {
        Topics.ensure(kafka.kafka(), Duration.ofSeconds(30));
        // No operator keeps a reference to an input record after returning, so chained operators may share them.
        env.getConfig().enableObjectReuse();
        DataStream<EncodedEvent> events = env.fromSource(kafka.encodedEvents("yalas-detect", bounded), detectEventTime(bounded), "events");
        if (!onlyRuns.isEmpty()) {
            Set<String> runs = Set.copyOf(onlyRuns);
            events = events.filter(e -> e.runId() != null && runs.contains(e.runId())).name("select-runs");
        }
        DataStream<BehaviorModel> models = env.fromSource(kafka.source(Topics.MODELS, BehaviorModel.class, "yalas-detect-models", bounded),
                WatermarkStrategy.noWatermarks(), "models");
        DataStream<HostStats> stats = env.fromSource(kafka.source(Topics.STATS, HostStats.class, "yalas-detect-stats", bounded),
                WatermarkStrategy.noWatermarks(), "host-stats");
        DataStream<RuleExceptionSet> exceptions = env.fromSource(kafka.source(Topics.RULE_EXCEPTIONS, RuleExceptionSet.class,
                "yalas-detect-rule-exceptions", bounded), WatermarkStrategy.noWatermarks(), "rule-exceptions");
        DataStream<Alert> alerts = DetectJob.build(events, models, stats, exceptions, settings, enforcingNow);
        alerts.sinkTo(kafka.alertSink(Topics.ALERTS, transactionalIdPrefix)).name("alerts-topic");
    }
}
