package io.yalas.shipper.decode;

import java.util.concurrent.atomic.AtomicLong;

/** Outcome counts of the decoder; written by the pipeline thread, read by metrics and stats. */
public final class DecodeCounters {
    public final AtomicLong records = new AtomicLong();
    public final AtomicLong bytes = new AtomicLong();
    public final AtomicLong unknownType = new AtomicLong();
    public final AtomicLong malformed = new AtomicLong();

    static void inc(AtomicLong c) {
        c.lazySet(c.get() + 1);
    }

    static void add(AtomicLong c, long n) {
        c.lazySet(c.get() + n);
    }
}
