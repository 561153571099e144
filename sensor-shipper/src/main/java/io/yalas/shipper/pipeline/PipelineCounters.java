package io.yalas.shipper.pipeline;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of the pipeline stages after decoding (single writer: the pipeline thread). */
public final class PipelineCounters {
    public final AtomicLong enriched = new AtomicLong();
    public final AtomicLong filtered = new AtomicLong();
    public final AtomicLong coalesced = new AtomicLong();
    public final AtomicLong emitted = new AtomicLong();
    public final AtomicLong security = new AtomicLong();

    static void inc(AtomicLong c) {
        c.lazySet(c.get() + 1);
    }
}
