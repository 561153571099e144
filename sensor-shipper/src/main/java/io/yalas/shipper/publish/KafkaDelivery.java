package io.yalas.shipper.publish;

import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.shipper.pipeline.EventSink;
import io.yalas.shipper.spool.Spool;
import io.yalas.shipper.spool.SpoolRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gives every event its per-host sequence number and delivers it to Kafka, keyed by host:pid (one
 * process's events stay in order in one partition), through a disk spool whenever Kafka is slow or
 * unreachable.
 *
 * <p>Direct mode: records go straight to the idempotent producer (acks=all, effectively infinite
 * delivery timeout, so a record handed to it is delivered exactly once and in partition order once the
 * brokers are back). When the producer stops making progress ({@code stallMs} without an ack while
 * records are in flight), holds more than {@code maxInflightBytes}, or refuses a send, the delivery
 * switches to spool mode: new records go to the spool, in order. The spool is drained (oldest segment
 * first, a segment deleted only once all its records are acked) only after every direct record was
 * acked, so spooled records never overtake earlier ones; direct mode resumes when the spool is empty.
 * When the spool is full, records are dropped and counted; their sequence numbers stay unused, so
 * consumers see the gap.
 */
public final class KafkaDelivery implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaDelivery.class);
    private static final long DRAIN_RETRY_NANOS = 1_000_000_000L;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AvroSerializer<SyscallEvent> serializer;
    private final Spool spool;
    private final SequenceState seq;
    private final DeliveryCounters counters;
    private final String keyPrefix;
    private final long maxInflightBytes;
    private final long stallNanos;
    private final AtomicLong inflightBytes = new AtomicLong();
    private final AtomicInteger inflightCount = new AtomicInteger();
    private volatile long lastProgressNanos = System.nanoTime();
    /** Direct-mode records not yet acked: on shutdown without Kafka they go to the spool. */
    private final InFlight unackedDirect = new InFlight();
    /** host:pid keys by pid modulo the size: a process's events come in runs, so most keys are reused. */
    private final int[] keyPids = new int[256];
    private final byte[][] keys = new byte[256][];
    private final AtomicInteger drainOutstanding = new AtomicInteger();
    private final Runnable periodic;
    private volatile boolean closing;
    /** The pipeline thread while inside producer.send(): tells an inline failure from a later one. */
    private volatile Thread sender;
    private boolean refusedInline;
    private boolean spooling;
    private Spool.Segment draining;
    private int drainIndex;
    private int sinceTick;
    /** After a refused send, the drain waits before trying again (a refused send blocks max.block.ms). */
    private long nextDrainAttemptNanos;

    /**
     * @param periodic called from the pipeline thread about every thousand events and on idle
     *                 (HostStats, metrics); may be a no-op
     */
    public KafkaDelivery(Producer<byte[], byte[]> producer, String topic, AvroSerializer<SyscallEvent> serializer,
                         Spool spool, SequenceState seq, DeliveryCounters counters, String host,
                         long maxInflightBytes, long stallMs, Runnable periodic) {
        this.producer = producer;
        this.topic = topic;
        this.serializer = serializer;
        this.spool = spool;
        this.seq = seq;
        this.counters = counters;
        this.keyPrefix = host + ":";
        this.maxInflightBytes = maxInflightBytes;
        this.stallNanos = stallMs * 1_000_000L;
        this.periodic = periodic;
        this.spooling = !spool.isEmpty(); // leftovers of an earlier run go first
    }

    public long inflight() {
        return inflightCount.get();
    }

    @Override
    public void accept(SyscallEvent e) {
        long n = seq.next();
        e.setSeq(n);
        byte[] value = serializer.serialize(e);
        byte[] key = key(e.getPid());
        counters.events.lazySet(counters.events.get() + 1);
        counters.kafkaBytes.lazySet(counters.kafkaBytes.get() + value.length);
        long millis = e.getEventTime().toEpochMilli();
        if (millis < counters.firstEventMillis.get()) {
            counters.firstEventMillis.lazySet(millis);
        }
        if (millis > counters.lastEventMillis.get()) {
            counters.lastEventMillis.lazySet(millis);
        }
        SpoolRecord r = new SpoolRecord(n, key, value);
        if (!spooling) {
            if (healthy() && send(r, true)) {
                tick();
                return;
            }
            spooling = true;
            LOG.warn("kafka slow or unreachable (in flight: {} records, {} bytes): spooling from seq {}",
                    inflightCount.get(), inflightBytes.get(), n);
        }
        if (spool.append(r)) {
            counters.spooled.lazySet(counters.spooled.get() + 1);
        } else {
            counters.spoolFullDrops.lazySet(counters.spoolFullDrops.get() + 1);
        }
        tick();
    }

    private byte[] key(int pid) {
        int i = pid & (keys.length - 1);
        if (keys[i] == null || keyPids[i] != pid) {
            keys[i] = (keyPrefix + pid).getBytes(StandardCharsets.UTF_8);
            keyPids[i] = pid;
        }
        return keys[i];
    }

    private void tick() {
        if (++sinceTick >= 1024) {
            sinceTick = 0;
            pump();
            periodic.run();
        }
    }

    @Override
    public void flush() {
        pump();
        periodic.run();
    }

    private boolean healthy() {
        if (inflightBytes.get() > maxInflightBytes) {
            return false;
        }
        return inflightCount.get() == 0 || System.nanoTime() - lastProgressNanos < stallNanos;
    }

    private boolean send(SpoolRecord r, boolean direct) {
        int size = r.value().length + r.key().length;
        if (inflightCount.getAndIncrement() == 0) {
            lastProgressNanos = System.nanoTime();
        }
        inflightBytes.addAndGet(size);
        long sendNo = direct ? unackedDirect.add(r) : -1;
        if (!direct) {
            drainOutstanding.incrementAndGet();
        }
        sender = Thread.currentThread();
        refusedInline = false;
        try {
            producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (meta, ex) -> {
                if (ex != null && Thread.currentThread() == sender && sender != null) {
                    // failed inside send() itself (metadata not available within max.block.ms, buffer full):
                    // the record was never handed over; send() undoes the accounting and spools it
                    refusedInline = true;
                    return;
                }
                inflightCount.decrementAndGet();
                inflightBytes.addAndGet(-size);
                lastProgressNanos = System.nanoTime();
                if (ex != null && closing) {
                    return; // aborted by close(): a direct record stays in unackedDirect for the spool
                }
                if (direct) {
                    unackedDirect.ack(sendNo);
                } else {
                    drainOutstanding.decrementAndGet();
                }
                if (ex == null) {
                    counters.acked.incrementAndGet();
                } else {
                    counters.kafkaErrors.incrementAndGet();
                    LOG.error("kafka refused event seq {} for good: {}", r.seq(), ex.toString());
                }
            });
        } catch (KafkaException | IllegalStateException ex) {
            refusedInline = true;
        } finally {
            sender = null;
        }
        if (!refusedInline) {
            return true;
        }
        inflightCount.decrementAndGet();
        inflightBytes.addAndGet(-size);
        if (direct) {
            unackedDirect.ack(sendNo);
        } else {
            drainOutstanding.decrementAndGet();
        }
        return false;
    }

    /** Drains the spool while Kafka keeps up; resumes direct mode when it is empty. */
    private void pump() {
        spool.maybeSync();
        if (!spooling || !unackedDirect.isEmpty()) {
            return; // direct records in flight are older than anything spooled
        }
        if (System.nanoTime() < nextDrainAttemptNanos) {
            return;
        }
        while (true) {
            if (draining == null) {
                draining = spool.oldest();
                if (draining == null) {
                    if (spool.isEmpty()) {
                        spooling = false;
                        LOG.info("spool drained: direct delivery from seq {}", seq.peek());
                        return;
                    }
                    spool.closeOpen(); // the reader caught up with the writer
                    continue;
                }
                drainIndex = 0;
            }
            List<SpoolRecord> recs = draining.records();
            while (drainIndex < recs.size() && healthy()) {
                if (!send(recs.get(drainIndex), false)) {
                    nextDrainAttemptNanos = System.nanoTime() + DRAIN_RETRY_NANOS;
                    return;
                }
                drainIndex++;
            }
            if (drainIndex < recs.size() || drainOutstanding.get() > 0) {
                return;
            }
            spool.release(draining);
            draining = null;
        }
    }

    /**
     * Clean shutdown: waits up to {@code timeout} for Kafka to take everything (draining the spool),
     * gives {@code finalStats} the deadline to send the last HostStats, and leaves whatever is still
     * unacknowledged in (or moves it to) the spool for the next start.
     */
    public void shutdown(Duration timeout, java.util.function.LongConsumer finalStats) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (spooling || inflightCount.get() > 0)) {
            pump();
            producer.flush();
            if (spooling && !healthy()) {
                sleep(100);
            }
        }
        finalStats.accept(deadline);
        closing = true;
        producer.close(Duration.ofMillis(Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
        List<SpoolRecord> left = unackedDirect.drain(); // in seq order
        if (!left.isEmpty()) {
            // sent directly but never acked: older than anything spooled, so they go in a segment of their own,
            // named by their first seq, which sorts before the later ones
            spool.closeOpen();
            left.forEach(spool::append);
            LOG.warn("shutdown: {} unacknowledged events kept in the spool", left.size());
        }
        spool.close();
        seq.closeClean();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
