package io.yalas.shipper.pipeline;

import io.yalas.schemas.SyscallEvent;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.decode.KernelRecord;
import io.yalas.shipper.enrich.Enriched;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.source.RecordSource;

import java.io.IOException;

/**
 * source -> decode -> reorder -> enrich -> filter -> coalesce -> sink, on one thread. The record
 * buffer of the source is only read during decode; everything after works on decoded records.
 */
public final class Pipeline {
    private static final long IDLE_WAIT_MS = 50;

    private final RecordSource source;
    private final Decoder decoder;
    private final Enricher enricher;
    private final Filter filter;
    private final EventMapper mapper;
    private final EventSink sink;
    private final PipelineCounters counters;
    private final Reorderer reorderer;
    private final Coalescer coalescer;
    private volatile boolean stop;
    private long lastRecordTs = Long.MIN_VALUE;
    private long lastRecordNanos;

    public Pipeline(RecordSource source, Decoder decoder, Enricher enricher, Filter filter, EventMapper mapper,
                    EventSink sink, PipelineCounters counters, int nrCpus, int reorderCapacity, long reorderMaxLagNs,
                    long coalesceWindowNs, int coalesceMaxOpen, boolean coalesceByProcess) {
        this.source = source;
        this.decoder = decoder;
        this.enricher = enricher;
        this.filter = filter;
        this.mapper = mapper;
        this.sink = sink;
        this.counters = counters;
        this.reorderer = new Reorderer(reorderCapacity, reorderMaxLagNs, nrCpus, this::process);
        this.coalescer = new Coalescer(coalesceWindowNs, coalesceMaxOpen, coalesceByProcess, this::emit);
    }

    public Reorderer reorderer() {
        return reorderer;
    }

    /** Runs until the source ends or {@link #stop()}; then flushes everything held into the sink. */
    public void run() throws IOException {
        RecordSource.RecordConsumer consumer = (buf, off) -> {
            KernelRecord r = decoder.decode(buf, off);
            if (r != null) {
                reorderer.add(r);
            }
        };
        while (!stop) {
            int n = source.poll(consumer);
            if (n < 0) {
                break;
            }
            if (n > 0) {
                lastRecordNanos = System.nanoTime(); // per batch: the idle expiry needs no finer clock
            } else {
                idle();
                source.awaitData(IDLE_WAIT_MS);
            }
        }
        if (stop && source.drainOnStop()) {
            while (source.poll(consumer) > 0) {
                // the backlog the kernel wrote before it stopped
            }
        }
        finish();
    }

    /** Ends the loop of {@link #run()} after the current batch (any thread). */
    public void stop() {
        stop = true;
    }

    /** Nothing new: let runs older than the window go out, on the record clock advanced by real time. */
    private void idle() {
        if (lastRecordTs != Long.MIN_VALUE) {
            coalescer.expire(lastRecordTs + (System.nanoTime() - lastRecordNanos));
        }
        sink.flush();
    }

    private void finish() {
        reorderer.drain();
        coalescer.flushAll();
        sink.flush();
    }

    private void process(KernelRecord r) {
        PipelineCounters.inc(counters.enriched);
        Enriched e = enricher.enrich(r);
        if (!filter.accept(e, EventMapper.syscallName(r))) {
            PipelineCounters.inc(counters.filtered);
            return;
        }
        lastRecordTs = r.tsNs();
        coalescer.offer(e);
    }

    private void emit(Enriched first, RunTotals totals) {
        if (totals.count() > 1) {
            counters.coalesced.lazySet(counters.coalesced.get() + totals.count() - 1);
        }
        if (first.security()) {
            PipelineCounters.inc(counters.security);
        }
        PipelineCounters.inc(counters.emitted);
        SyscallEvent ev = mapper.map(first, totals);
        sink.accept(ev);
    }
}
