package io.yalas.shipper.pipeline;

import io.yalas.shipper.decode.KernelRecord;

import java.util.Arrays;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Merges per-CPU record streams into timestamp order within a bounded window. Each CPU's stream is
 * already in order, so a record can leave once every CPU seen so far has reached its time (the
 * watermark). The window is bounded: past {@code capacity} held records, or when the oldest is more
 * than {@code maxLagNs} behind the newest, the oldest leaves anyway (late records then go out of order
 * rather than being held without bound).
 */
public final class Reorderer {
    /** Time, then cpu, then the cpu's sequence: a total order (written out: this runs per record). */
    private static final Comparator<KernelRecord> ORDER = (a, b) -> {
        int c = Long.compare(a.tsNs(), b.tsNs());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.cpu(), b.cpu());
        return c != 0 ? c : Long.compare(a.cpuSeq(), b.cpuSeq());
    };

    private final int capacity;
    private final long maxLagNs;
    private final Consumer<KernelRecord> out;
    private final PriorityQueue<KernelRecord> heap;
    private long[] lastTs;
    private long maxTs = Long.MIN_VALUE;

    /** {@code nrCpus}: CPUs whose streams are merged; release waits until each has been heard from. */
    public Reorderer(int capacity, long maxLagNs, int nrCpus, Consumer<KernelRecord> out) {
        this.capacity = capacity;
        this.lastTs = new long[Math.max(0, Math.min(nrCpus, 4096))];
        Arrays.fill(lastTs, Long.MIN_VALUE);
        this.maxLagNs = maxLagNs;
        this.out = out;
        this.heap = new PriorityQueue<>(Math.min(capacity, 1 << 16) + 1, ORDER);
    }

    public void add(KernelRecord r) {
        int cpu = r.cpu();
        if (cpu < 0 || cpu > 4095) {
            out.accept(r); // no sane cpu index: nothing to merge it with
            return;
        }
        if (cpu >= lastTs.length) {
            int old = lastTs.length;
            lastTs = Arrays.copyOf(lastTs, cpu + 1);
            Arrays.fill(lastTs, old, cpu + 1, Long.MIN_VALUE);
        }
        lastTs[cpu] = Math.max(lastTs[cpu], r.tsNs());
        maxTs = Math.max(maxTs, r.tsNs());
        heap.add(r);
        release();
    }

    /** A live CPU whose ring is empty has no record older than {@code tsNs} still to come. */
    public void idle(int cpu, long tsNs) {
        if (cpu >= 0 && cpu < lastTs.length && lastTs[cpu] < tsNs) {
            lastTs[cpu] = tsNs;
            release();
        }
    }

    private void release() {
        long watermark = Long.MAX_VALUE;
        for (long t : lastTs) {
            watermark = Math.min(watermark, t);
        }
        KernelRecord top;
        while ((top = heap.peek()) != null
                && (top.tsNs() <= watermark || heap.size() > capacity || maxTs - top.tsNs() > maxLagNs)) {
            out.accept(heap.poll());
        }
    }

    /** End of input: everything held leaves, in order. */
    public void drain() {
        KernelRecord r;
        while ((r = heap.poll()) != null) {
            out.accept(r);
        }
    }
}
