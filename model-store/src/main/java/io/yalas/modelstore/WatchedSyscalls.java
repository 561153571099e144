package io.yalas.modelstore;

import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.KafkaConnection;
import io.yalas.schemas.ModelProvenance;
import io.yalas.schemas.wire.AvroDeserializer;
import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.shipper.abi.Syscalls;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The syscalls the sensor watched while a model was learned: the union of {@code HostStats.watched_syscalls}
 * (the kernel module's syscall mask, from the capture header or the live module) of the model's provenance
 * hosts over its training time range. When that cannot be known (no provenance, no matching HostStats, or
 * one of them from a capture or shipper that recorded no mask) it is assumed to be the sensor's whole syscall
 * table, the module's default, and {@link #note()} says so.
 *
 * <p>A HostStats record matches when its host is one of the model's hosts, it published at least one event,
 * and its event time range ({@code first_event_time..last_event_time}; its interval for records of older
 * shippers, which have none) overlaps the model's {@code first_event_time..last_event_time}. The event time
 * and not the interval is what counts: a capture replayed today carries events recorded long ago.
 *
 * <p>{@code yalas learn} records a known set in the model ({@code provenance.watched_syscalls}) as it stores
 * it; a recorded set is used as it is, without reading the stats topic again.
 */
public final class WatchedSyscalls {
    private final List<String> names;
    private final String note;
    private final String source;

    private WatchedSyscalls(List<String> names, String note, String source) {
        this.names = names;
        this.note = note;
        this.source = source;
    }

    /** The sensor's whole table, assumed for {@code reason}. */
    public static WatchedSyscalls assumeAll(String reason) {
        TreeSet<String> all = new TreeSet<>();
        Syscalls.all().forEach(s -> all.add(s.name()));
        return new WatchedSyscalls(List.copyOf(all), "assuming the sensor watched every syscall of its table ("
                + all.size() + ") while the model was learned: " + reason,
                "every syscall of the sensor's table (assumed: " + reason + ")");
    }

    /** A known set (tests, or callers that know the mask). */
    public static WatchedSyscalls of(List<String> names, String source) {
        return new WatchedSyscalls(List.copyOf(new TreeSet<>(names)), null, source);
    }

    /** Watched names, ascending. */
    public List<String> names() {
        return names;
    }

    /** Present when the set is an assumption (the whole table): one line saying why. */
    public Optional<String> note() {
        return Optional.ofNullable(note);
    }

    /** Where the set comes from, for the profile's comment. */
    public String source() {
        return source;
    }

    /** The set recorded in {@code model} when it was stored, if one was. */
    public static Optional<WatchedSyscalls> recorded(BehaviorModel model) {
        ModelProvenance p = model.getProvenance();
        return p == null || p.getWatchedSyscalls() == null ? Optional.empty()
                : Optional.of(of(p.getWatchedSyscalls(), "the syscall masks of " + String.join(", ", p.getHosts())
                        + " while the model was learned, recorded in the model"));
    }

    /**
     * {@code model} with {@code watched} recorded in its provenance, so later exports need no stats topic;
     * unchanged when {@code watched} is only the whole-table assumption.
     */
    public static BehaviorModel recordedIn(BehaviorModel model, WatchedSyscalls watched) {
        if (watched.note().isPresent() || model.getProvenance() == null) {
            return model;
        }
        return BehaviorModel.newBuilder(model).setProvenance(ModelProvenance.newBuilder(model.getProvenance())
                .setWatchedSyscalls(watched.names()).build()).build();
    }

    /** The watched set of {@code model}: the recorded one, else from {@code stats} (any order, any hosts and times). */
    public static WatchedSyscalls from(BehaviorModel model, Iterable<HostStats> stats) {
        Optional<WatchedSyscalls> recorded = recorded(model);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        ModelProvenance p = model.getProvenance();
        List<String> hosts = p == null ? List.of() : p.getHosts();
        Instant first = p == null ? null : p.getFirstEventTime();
        Instant last = p == null ? null : p.getLastEventTime();
        if (hosts.isEmpty() || first == null || last == null) {
            return assumeAll("the model records no training hosts or time range");
        }
        TreeSet<String> union = new TreeSet<>();
        TreeSet<String> matchedHosts = new TreeSet<>();
        int matched = 0;
        for (HostStats s : stats) {
            if (!hosts.contains(s.getHost()) || s.getEventsOut() == 0) {
                continue;
            }
            boolean eventTimes = s.getFirstEventTime() != null && s.getLastEventTime() != null;
            Instant from = eventTimes ? s.getFirstEventTime() : s.getIntervalStart();
            Instant to = eventTimes ? s.getLastEventTime() : s.getIntervalEnd();
            if (to.isBefore(first) || from.isAfter(last)) {
                continue;
            }
            if (s.getWatchedSyscalls().isEmpty()) {
                return assumeAll("host " + s.getHost() + " (boot " + s.getBootId() + ") recorded no syscall mask for "
                        + from + ".." + to + " (a capture or shipper older than the mask field)");
            }
            s.getWatchedSyscalls().forEach(union::add);
            matchedHosts.add(s.getHost());
            matched++;
        }
        if (matched == 0) {
            return assumeAll("no HostStats of " + String.join(", ", hosts) + " with events between " + first + " and " + last);
        }
        return new WatchedSyscalls(List.copyOf(union), null, "the syscall masks recorded by " + String.join(", ", matchedHosts)
                + " (" + matched + " HostStats intervals)");
    }

    /**
     * The watched set of {@code model}: the recorded one, else matched as {@link #from} against every HostStats
     * on {@code topic} (all partitions, up to their current end). A stats topic that cannot be read leaves the
     * assumption, with the reason in the note.
     */
    public static WatchedSyscalls fromTopic(BehaviorModel model, KafkaConnection kafka, SchemaRegistryClient registry,
                                            String topic, Duration timeout) {
        return fromTopic(List.of(model), kafka, registry, topic, timeout).get(0);
    }

    /** {@link #fromTopic(BehaviorModel, KafkaConnection, SchemaRegistryClient, String, Duration)} for several models, reading the topic once. */
    public static List<WatchedSyscalls> fromTopic(List<BehaviorModel> models, KafkaConnection kafka, SchemaRegistryClient registry,
                                                  String topic, Duration timeout) {
        Set<String> hosts = new HashSet<>();
        models.stream().filter(m -> recorded(m).isEmpty() && m.getProvenance() != null).forEach(m -> hosts.addAll(m.getProvenance().getHosts()));
        List<HostStats> stats;
        try {
            stats = hosts.isEmpty() ? List.of() : read(hosts, kafka, registry, topic, timeout);
        } catch (StatsUnavailable e) {
            return models.stream().map(m -> recorded(m).orElseGet(() -> assumeAll(e.getMessage()))).toList();
        }
        return models.stream().map(m -> from(m, stats)).toList();
    }

    /** Why the stats topic could not be read. */
    private static final class StatsUnavailable extends Exception {
        StatsUnavailable(String why) {
            super(why);
        }
    }

    /** The HostStats of {@code hosts} on {@code topic}: the topic holds every host's history, memory follows the models. */
    private static List<HostStats> read(Set<String> hosts, KafkaConnection kafka, SchemaRegistryClient registry, String topic,
                                        Duration timeout) throws StatsUnavailable {
        List<HostStats> stats = new ArrayList<>();
        Properties c = kafka.clientProperties();
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        AvroDeserializer<HostStats> de = new AvroDeserializer<>(registry, HostStats.getClassSchema());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.listTopics(timeout).get(topic);
            if (infos == null || infos.isEmpty()) {
                throw new StatsUnavailable("the stats topic " + topic + " does not exist");
            }
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (parts.stream().anyMatch(tp -> consumer.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new StatsUnavailable("timed out reading the stats topic " + topic);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    // One damaged record must not hide every host's mask; a missing interval only narrows the watched set.
                    de.readable(r.value()).filter(s -> hosts.contains(s.getHost())).ifPresent(stats::add);
                }
            }
        } catch (RuntimeException e) {
            throw new StatsUnavailable("cannot read the stats topic " + topic + ": " + e.getMessage());
        }
        return stats;
    }
}
