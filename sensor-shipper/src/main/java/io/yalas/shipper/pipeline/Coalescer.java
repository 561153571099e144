package io.yalas.shipper.pipeline;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.decode.KernelRecord;
import io.yalas.shipper.enrich.Enriched;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds runs of the same (tid, syscall, object, outcome class) whose first record is at most
 * {@code windowNs} old into one event carrying the count, the byte sum, the first/last time and the
 * mean/min/max syscall latency.
 * Security-relevant events are never folded: they first flush every open run of their thread (so the
 * thread's earlier activity comes out before them; not in by-process mode, see the constructor) and
 * then pass through alone.
 * Outcome class: success (ret >= 0) or the exact errno.
 */
public final class Coalescer {
    /** Receives every output: the first record of a run plus the run's totals. */
    public interface Output {
        void emit(Enriched first, RunTotals totals);
    }

    /** {@code tid}: the thread, or the process when coalescing by process. */
    private record Key(int tid, int sysid, String object, long outcome) {
    }

    private static final class Run {
        final Key key;
        final Enriched first;
        int count;
        long bytes;
        long lastTs;
        long lastRet;
        int latencies;
        long latencySum;
        long latencyMin = Long.MAX_VALUE;
        long latencyMax = Long.MIN_VALUE;

        Run(Key key, Enriched first) {
            this.key = key;
            this.first = first;
        }

        void add(KernelRecord r) {
            count++;
            bytes += bytesOf(r);
            lastTs = r.tsNs();
            lastRet = r.ret();
            long lat = r.latencyNs();
            if (lat >= 0) {
                latencies++;
                latencySum += lat;
                latencyMin = Math.min(latencyMin, lat);
                latencyMax = Math.max(latencyMax, lat);
            }
        }

        RunTotals totals() {
            return new RunTotals(count, bytes, lastTs, lastRet, latencies, latencySum, latencyMin, latencyMax);
        }
    }

    private final long windowNs;
    private final int maxOpen;
    private final boolean byProcess;
    private final Output out;
    private final LinkedHashMap<Key, Run> open = new LinkedHashMap<>();
    private final Map<Integer, List<Run>> byTid = new HashMap<>();

    /**
     * @param byProcess key runs by process (tgid) instead of thread: thread-per-request servers then
     *                  fold across their worker threads (the event keeps the first thread's tid). A
     *                  security event then does not flush the process's runs (a server's accept loop
     *                  would end every run at each new connection): runs leave when their window ends,
     *                  so a run can follow a later security event in the output; ts_ns orders them.
     */
    public Coalescer(long windowNs, int maxOpen, boolean byProcess, Output out) {
        this.windowNs = windowNs;
        this.byProcess = byProcess;
        this.maxOpen = maxOpen;
        this.out = out;
    }

    /** Bytes a record moved: the positive return of the byte-moving calls. */
    static long bytesOf(KernelRecord r) {
        if ((r.type() == Abi.REC_IO || r.type() == Abi.REC_NET) && r.ret() > 0) {
            return r.ret();
        }
        return 0;
    }

    public void offer(Enriched e) {
        KernelRecord r = e.r();
        expire(r.tsNs());
        int owner = byProcess ? r.tgid() : r.tid();
        if (e.security() || windowNs <= 0) {
            if (!byProcess) {
                flushTid(owner);
            }
            out.emit(e, RunTotals.of(r));
            return;
        }
        Key k = new Key(owner, r.sysid(), e.object(), r.ret() >= 0 ? 0 : r.ret());
        Run run = open.get(k);
        if (run == null) {
            run = new Run(k, e);
            open.put(k, run);
            byTid.computeIfAbsent(owner, t -> new ArrayList<>(4)).add(run);
            if (open.size() > maxOpen) {
                flush(open.values().iterator().next());
            }
        }
        run.add(r);
    }

    /** Flushes runs whose first record is older than {@code nowNs - windowNs} (record clock). */
    public void expire(long nowNs) {
        Iterator<Run> it = open.values().iterator();
        while (it.hasNext()) {
            Run run = it.next();
            if (run.first.r().tsNs() + windowNs >= nowNs) {
                return; // insertion order is first-record order: the rest are younger
            }
            it.remove();
            removeFromTid(run);
            emit(run);
        }
    }

    private void flushTid(int tid) {
        List<Run> runs = byTid.remove(tid);
        if (runs != null) {
            for (Run run : runs) {
                open.remove(run.key);
                emit(run);
            }
        }
    }

    private void flush(Run run) {
        open.remove(run.key);
        removeFromTid(run);
        emit(run);
    }

    private void removeFromTid(Run run) {
        List<Run> runs = byTid.get(run.key.tid());
        if (runs != null) {
            runs.remove(run);
            if (runs.isEmpty()) {
                byTid.remove(run.key.tid());
            }
        }
    }

    private void emit(Run run) {
        out.emit(run.first, run.totals());
    }

    /** End of stream or shutdown: everything open goes out, oldest first. */
    public void flushAll() {
        List<Run> runs = new ArrayList<>(open.values());
        open.clear();
        byTid.clear();
        runs.forEach(this::emit);
    }
}
