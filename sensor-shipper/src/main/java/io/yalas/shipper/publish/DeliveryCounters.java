package io.yalas.shipper.publish;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the delivery stage (written by the pipeline thread and the producer's callbacks). */
public final class DeliveryCounters {
    public final AtomicLong events = new AtomicLong();        // events given a sequence number
    public final AtomicLong kafkaBytes = new AtomicLong();    // serialized value bytes
    public final AtomicLong acked = new AtomicLong();         // events acknowledged by Kafka
    public final AtomicLong spooled = new AtomicLong();       // events written to the spool
    public final AtomicLong spoolFullDrops = new AtomicLong();
    public final AtomicLong kafkaErrors = new AtomicLong();   // events Kafka refused for good (non-retriable)
    public final AtomicLong statsSent = new AtomicLong();
    // event time (ms) range of the events given a sequence number since the last HostStats took it
    public final AtomicLong firstEventMillis = new AtomicLong(Long.MAX_VALUE);
    public final AtomicLong lastEventMillis = new AtomicLong(Long.MIN_VALUE);
}
