package io.yalas.shipper.source;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counters of a record source. {@code lostBytes}/{@code lostRecords}: data a capture file holds after
 * its first unreadable byte. Kernel counters are snapshots of the module's own counters (live only).
 */
public final class SourceCounters {
    public final AtomicLong lostBytes = new AtomicLong();
    public final AtomicLong framingErrors = new AtomicLong();
    public final AtomicLong kernelWritten = new AtomicLong();
    public final AtomicLong kernelBytes = new AtomicLong();
    public final AtomicLong kernelDroppedFull = new AtomicLong();
    public final AtomicLong kernelDroppedBadTail = new AtomicLong();
    public final AtomicLong kernelCopyFaults = new AtomicLong();
    public final AtomicLong kernelFiltered = new AtomicLong();
    public final AtomicLong ringFillBytes = new AtomicLong();
    /** Module probe hits: sys_enter, sys_exit, sched_process_fork/exec/exit (live only). */
    public final AtomicReference<long[]> kernelProbes = new AtomicReference<>(new long[5]);

    /** Probe hits by probe, and records the module's pid/cgroup filters dropped: HostStats.kernel_probes. */
    public Map<String, Long> kernelProbeCounts() {
        long[] p = kernelProbes.get();
        Map<String, Long> m = new TreeMap<>();
        m.put("sys_enter", p[0]);
        m.put("sys_exit", p[1]);
        m.put("sched_process_fork", p[2]);
        m.put("sched_process_exec", p[3]);
        m.put("sched_process_exit", p[4]);
        m.put("filtered", kernelFiltered.get());
        return m;
    }

    /** Kernel drops by reason, for HostStats.kernel_drops. */
    public Map<String, Long> kernelDrops() {
        Map<String, Long> m = new TreeMap<>();
        m.put("ring_full", kernelDroppedFull.get());
        m.put("bad_tail", kernelDroppedBadTail.get());
        m.put("copy_fault", kernelCopyFaults.get());
        return m;
    }
}
