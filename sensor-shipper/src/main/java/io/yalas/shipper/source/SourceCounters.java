package io.yalas.shipper.source;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

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
    public final AtomicLong ringCapacityBytes = new AtomicLong();

    /** Kernel drops by reason, for HostStats.kernel_drops. */
    public Map<String, Long> kernelDrops() {
        Map<String, Long> m = new TreeMap<>();
        m.put("ring_full", kernelDroppedFull.get());
        m.put("bad_tail", kernelDroppedBadTail.get());
        m.put("copy_fault", kernelCopyFaults.get());
        return m;
    }
}
