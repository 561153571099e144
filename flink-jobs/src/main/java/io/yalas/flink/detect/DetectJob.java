package io.yalas.flink.detect;

import io.yalas.flink.events.EncodedEvent;
import io.yalas.schemas.Alert;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.RuleExceptionSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Duration;

/**
 * The detect job: events (still encoded, see {@link EncodedEvent}), models, host stats and rule exceptions in; explained alerts out. Streaming; the caller wires
 * the sources (Kafka in production, bounded collections in tests) and the sink (the alerts topic,
 * exactly once).
 */
public final class DetectJob {
    private DetectJob() {
    }

    /**
     * @param ruleExceptions every change of the rule exceptions; {@code settings}' apply until the first arrives
     * @param enforcingNow the models enforcing when the job is submitted, so the first events are scored
     *                     before the model stream has been read (the stream then takes over)
     */
    public static DataStream<Alert> build(DataStream<EncodedEvent> events, DataStream<BehaviorModel> models,
                                          DataStream<HostStats> stats, DataStream<RuleExceptionSet> ruleExceptions,
                                          DetectSettings settings, java.util.List<BehaviorModel> enforcingNow) {
        TypeInformation<Control> controlType = TypeInformation.of(Control.class);
        DataStream<Control> control = models.map(Control::of).returns(controlType).name("model-updates")
                .union(stats.flatMap((HostStats s, org.apache.flink.util.Collector<Control> out) -> {
                    Control loss = Control.of(s);
                    if (loss != null) {
                        out.collect(loss);
                    }
                }).returns(controlType).name("loss-reports"))
                .union(ruleExceptions.map(Control::of).returns(controlType).name("rule-exception-updates"));
        AvroTypeInfo<Alert> alertType = new AvroTypeInfo<>(Alert.class);
        DataStream<Alert> scored = events
                .keyBy(EncodedEvent::processId, Types.LONG)
                .connect(control.broadcast(ScoreFunction.MODELS, ScoreFunction.LOSSES, ScoreFunction.EXCEPTIONS))
                .process(new ScoreFunction(settings, enforcingNow.stream().map(Control::of).toList()), alertType)
                .name("score-processes");
        DataStream<Alert> unprofiled = scored.filter(a -> a.getDetector().equals("unprofiled")).name("unprofiled")
                .keyBy(a -> a.getHost() + "|" + a.getProfile(), Types.STRING)
                .process(new UnprofiledOnce(Duration.ofDays(1)), alertType)
                .name("unprofiled-once-per-profile");
        DataStream<Alert> rules = scored.filter(a -> a.getDetector().startsWith("rule:")).name("rule-detections");
        DataStream<Alert> model = scored.filter(a -> a.getDetector().equals("markov")).name("model-detections");
        if (!settings.modelAlertBurst().isZero()) {
            model = model.keyBy(ModelAlertBursts::key, Types.STRING)
                    .process(new ModelAlertBursts(settings.modelAlertBurst()), alertType)
                    .name("model-alert-bursts");
        }
        return rules.union(model, unprofiled);
    }
}
