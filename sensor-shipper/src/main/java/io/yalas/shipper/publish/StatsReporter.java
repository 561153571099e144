package io.yalas.shipper.publish;

import io.yalas.schemas.HostStats;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.shipper.ShipperCounters;
import io.yalas.shipper.spool.Spool;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Publishes HostStats (deltas over the interval) to the stats topic. Runs on the pipeline thread from
 * the delivery's periodic hook. Stats are not spooled: a lost interval shows as a gap in
 * interval_start/interval_end, and the next one still carries its own deltas.
 */
public final class StatsReporter implements Runnable {
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AvroSerializer<HostStats> serializer;
    private final ShipperCounters c;
    private final Spool spool;
    private final LongSupplier nextSeq;
    private final String host;
    private final String bootId;
    private final long intervalMs;
    private final List<String> watchedSyscalls;
    private long lastMs = System.currentTimeMillis();
    private long lastSeq;
    private final Map<String, Long> last = new TreeMap<>();

    public StatsReporter(Producer<byte[], byte[]> producer, String topic, AvroSerializer<HostStats> serializer,
                         ShipperCounters counters, Spool spool, LongSupplier nextSeq, String host, String bootId,
                         long intervalMs) {
        this(producer, topic, serializer, counters, spool, nextSeq, host, bootId, intervalMs, List.of());
    }

    /**
     * {@code watchedSyscalls}: the module's syscall mask as names, published in every HostStats
     * ({@code watched_syscalls}); empty = unknown (every syscall).
     */
    public StatsReporter(Producer<byte[], byte[]> producer, String topic, AvroSerializer<HostStats> serializer,
                         ShipperCounters counters, Spool spool, LongSupplier nextSeq, String host, String bootId,
                         long intervalMs, List<String> watchedSyscalls) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = serializer;
        this.c = counters;
        this.spool = spool;
        this.nextSeq = nextSeq;
        this.host = host;
        this.bootId = bootId;
        this.intervalMs = intervalMs;
        this.watchedSyscalls = List.copyOf(watchedSyscalls);
        this.lastSeq = nextSeq.getAsLong();
    }

    @Override
    public void run() {
        if (System.currentTimeMillis() - lastMs >= intervalMs) {
            publish();
        }
    }

    /**
     * Sends the stats of the interval since the last published one. If Kafka refuses the send on the
     * spot (no metadata within max.block.ms), the interval is kept open: its deltas, drops included,
     * go out with the next successful send instead of being lost.
     */
    public boolean publish() {
        Map<String, Long> before = new TreeMap<>(last);
        long now = System.currentTimeMillis();
        long seq = nextSeq.getAsLong();
        HostStats s = new HostStats();
        s.setHost(host);
        s.setBootId(bootId);
        s.setIntervalStart(Instant.ofEpochMilli(lastMs));
        s.setIntervalEnd(Instant.ofEpochMilli(now));
        s.setFirstSeq(lastSeq);
        s.setLastSeq(seq - 1);
        long kernelRecords = delta("kernel_records", c.source().kernelWritten.get() > 0
                ? c.source().kernelWritten.get() : c.decode().records.get());
        long kernelBytes = delta("kernel_bytes", c.source().kernelBytes.get() > 0
                ? c.source().kernelBytes.get() : c.decode().bytes.get());
        s.setKernelRecords(kernelRecords);
        s.setKernelBytes(kernelBytes);
        s.setKernelDrops(deltas("kd.", c.source().kernelDrops()));
        s.setKernelProbes(deltas("kp.", c.source().kernelProbeCounts()));
        s.setEventsIn(delta("events_in", c.decode().records.get()));
        s.setEventsOut(delta("events_out", c.delivery().events.get()));
        s.setEventsFiltered(delta("filtered", c.pipeline().filtered.get()));
        s.setEventsCoalesced(delta("coalesced", c.pipeline().coalesced.get()));
        long kafkaBytes = delta("kafka_bytes", c.delivery().kafkaBytes.get());
        s.setKafkaBytes(kafkaBytes);
        s.setShipperDrops(deltas("sd.", c.shipperDrops()));
        s.setSpoolBytes(spool.bytes());
        s.setSpoolSegments(spool.segments());
        s.setReductionRatio(kafkaBytes == 0 ? 0.0 : (double) kernelBytes / kafkaBytes);
        s.setWatchedSyscalls(watchedSyscalls);
        long firstEvent = c.delivery().firstEventMillis.getAndSet(Long.MAX_VALUE);
        long lastEvent = c.delivery().lastEventMillis.getAndSet(Long.MIN_VALUE);
        s.setFirstEventTime(firstEvent == Long.MAX_VALUE ? null : Instant.ofEpochMilli(firstEvent));
        s.setLastEventTime(lastEvent == Long.MIN_VALUE ? null : Instant.ofEpochMilli(lastEvent));
        Thread self = Thread.currentThread();
        boolean[] refused = {false};
        try {
            producer.send(new ProducerRecord<>(topic, host.getBytes(StandardCharsets.UTF_8), serializer.serialize(s)),
                    (meta, ex) -> {
                        if (ex != null && Thread.currentThread() == self) {
                            refused[0] = true; // failed inside send(): never handed over
                        }
                    });
        } catch (KafkaException | IllegalStateException e) {
            refused[0] = true;
        }
        if (refused[0]) {
            last.clear();
            last.putAll(before);
            // the interval stays open: its event time range goes out with the next send
            c.delivery().firstEventMillis.accumulateAndGet(firstEvent, Math::min);
            c.delivery().lastEventMillis.accumulateAndGet(lastEvent, Math::max);
            return false;
        }
        c.delivery().statsSent.incrementAndGet();
        lastMs = now;
        lastSeq = seq;
        return true;
    }

    /**
     * The last interval at shutdown: retried until Kafka takes it (the stats topic's metadata may need
     * a few seconds, e.g. right after an outage) or {@code deadlineNanos}.
     */
    public void publishFinal(long deadlineNanos) {
        while (!publish() && System.nanoTime() < deadlineNanos) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long delta(String name, long total) {
        Long prev = last.put(name, total);
        return total - (prev == null ? 0 : prev);
    }

    private Map<String, Long> deltas(String prefix, Map<String, Long> totals) {
        Map<String, Long> out = new TreeMap<>();
        totals.forEach((k, v) -> out.put(k, delta(prefix + k, v)));
        return out;
    }
}
