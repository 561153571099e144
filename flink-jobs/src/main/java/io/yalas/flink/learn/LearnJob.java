package io.yalas.flink.learn;

import io.yalas.flink.events.EventMapping;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.SyscallEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * The learn job: the events of one learning run in, one model per profile out. Bounded: it ends when its
 * input does. The caller chooses the source (a Kafka time range or run id, a capture, a test collection)
 * and what to do with the models (the model store).
 */
public final class LearnJob {
    private LearnJob() {
    }

    /** Learns from every event that {@code include} accepts (e.g. one run id). */
    public static DataStream<BehaviorModel> build(DataStream<SyscallEvent> events, SerializablePredicate include, LearnSettings settings) {
        return events
                .filter(include::test).name("select-learning-run")
                .keyBy(EventMapping::profile, Types.STRING)
                .process(new LearnFunction(settings), new AvroTypeInfo<>(BehaviorModel.class))
                .name("learn-profile-models");
    }

    /** A predicate Flink can ship to its task managers. */
    public interface SerializablePredicate extends Predicate<SyscallEvent>, java.io.Serializable {
        static SerializablePredicate runId(String runId) {
            return e -> runId.equals(e.getRunId());
        }

        /** Events whose kernel event time is in [{@code from}, {@code to}); either end may be null (open). */
        static SerializablePredicate eventTime(Instant from, Instant to) {
            return e -> (from == null || !e.getEventTime().isBefore(from)) && (to == null || e.getEventTime().isBefore(to));
        }

        static SerializablePredicate all() {
            return e -> true;
        }

        default SerializablePredicate and(SerializablePredicate other) {
            return e -> test(e) && other.test(e);
        }
    }
}
