package io.yalas.shipper.pipeline;

import io.yalas.shipper.decode.KernelRecord;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Merges per-CPU record streams into timestamp order within a bounded window. Each CPU's stream is
 * already in order, so a record can leave once every CPU seen so far has reached its time (the
 * watermark). The window is bounded: past {@code capacity} held records, or when the oldest is more
 * than {@code maxLagNs} behind the newest, the oldest leaves anyway (late records then go out of order
 * rather than being held without bound).
 *
 * <p>Records are held per CPU, each queue sorted, and merged through a small heap of CPUs keyed by
 * their queue's oldest record: a record costs O(log CPUs) instead of O(log held records) in one heap
 * of everything (the whole-window heap was 6-8 % of the pipeline thread's profile). A record older than the
 * newest of its own CPU (not expected from the module) is still placed in order, by insertion from
 * the queue's end. The output is exactly that of one heap over all held records with the same rule.
 */
public final class Reorderer {
    /** Time, then cpu, then the cpu's sequence: a total order (written out: this runs per record). */
    static final Comparator<KernelRecord> ORDER = (a, b) -> {
        int c = Long.compare(a.tsNs(), b.tsNs());
        if (c != 0) {
            return c;
        }
        c = Integer.compare(a.cpu(), b.cpu());
        return c != 0 ? c : Long.compare(a.cpuSeq(), b.cpuSeq());
    };
    private static final int MAX_CPUS = 4096;

    private final int capacity;
    private final long maxLagNs;
    private final Consumer<KernelRecord> out;
    private long[] lastTs;
    private CpuQueue[] queues;
    /** CPUs with held records, a binary heap by their queue's head; {@code heapPos[cpu]} is -1 when absent. */
    private int[] heap;
    private int[] heapPos;
    private int heapSize;
    private int held;
    private long maxTs = Long.MIN_VALUE;

    /** {@code nrCpus}: CPUs whose streams are merged; release waits until each has been heard from. */
    public Reorderer(int capacity, long maxLagNs, int nrCpus, Consumer<KernelRecord> out) {
        this.capacity = capacity;
        this.maxLagNs = maxLagNs;
        this.out = out;
        int n = Math.max(0, Math.min(nrCpus, MAX_CPUS));
        this.lastTs = new long[n];
        Arrays.fill(lastTs, Long.MIN_VALUE);
        this.queues = new CpuQueue[n];
        this.heap = new int[n];
        this.heapPos = new int[n];
        Arrays.fill(heapPos, -1);
    }

    public void add(KernelRecord r) {
        int cpu = r.cpu();
        if (cpu < 0 || cpu >= MAX_CPUS) {
            out.accept(r); // no sane cpu index: nothing to merge it with
            return;
        }
        if (cpu >= lastTs.length) {
            grow(cpu + 1);
        }
        lastTs[cpu] = Math.max(lastTs[cpu], r.tsNs());
        maxTs = Math.max(maxTs, r.tsNs());
        CpuQueue q = queues[cpu];
        if (q == null) {
            q = queues[cpu] = new CpuQueue();
        }
        boolean newHead = q.insert(r);
        held++;
        if (heapPos[cpu] < 0) {
            heapPos[cpu] = heapSize;
            heap[heapSize++] = cpu;
            siftUp(heapPos[cpu]);
        } else if (newHead) {
            siftUp(heapPos[cpu]);
        }
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
        while (heapSize > 0) {
            KernelRecord top = queues[heap[0]].peek();
            if (top.tsNs() > watermark && held <= capacity && maxTs - top.tsNs() <= maxLagNs) {
                return;
            }
            out.accept(pollTop());
        }
    }

    /** End of input: everything held leaves, in order. */
    public void drain() {
        while (heapSize > 0) {
            out.accept(pollTop());
        }
    }

    private KernelRecord pollTop() {
        int cpu = heap[0];
        CpuQueue q = queues[cpu];
        KernelRecord r = q.poll();
        held--;
        if (q.isEmpty()) {
            heapPos[cpu] = -1;
            heapSize--;
            if (heapSize > 0) {
                heap[0] = heap[heapSize];
                heapPos[heap[0]] = 0;
                siftDown(0);
            }
        } else {
            siftDown(0);
        }
        return r;
    }

    private boolean before(int cpuA, int cpuB) {
        return ORDER.compare(queues[cpuA].peek(), queues[cpuB].peek()) < 0;
    }

    private void siftUp(int i) {
        int cpu = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!before(cpu, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            heapPos[heap[i]] = i;
            i = parent;
        }
        heap[i] = cpu;
        heapPos[cpu] = i;
    }

    private void siftDown(int i) {
        int cpu = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= heapSize) {
                break;
            }
            if (child + 1 < heapSize && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], cpu)) {
                break;
            }
            heap[i] = heap[child];
            heapPos[heap[i]] = i;
            i = child;
        }
        heap[i] = cpu;
        heapPos[cpu] = i;
    }

    private void grow(int n) {
        int old = lastTs.length;
        lastTs = Arrays.copyOf(lastTs, n);
        Arrays.fill(lastTs, old, n, Long.MIN_VALUE);
        queues = Arrays.copyOf(queues, n);
        heap = Arrays.copyOf(heap, n);
        heapPos = Arrays.copyOf(heapPos, n);
        Arrays.fill(heapPos, old, n, -1);
    }

    /** One CPU's held records, oldest first, in a growable ring. */
    private static final class CpuQueue {
        private KernelRecord[] ring = new KernelRecord[64];
        private int head;
        private int size;

        /** Inserts in order; true if {@code r} became the oldest. */
        boolean insert(KernelRecord r) {
            if (size == ring.length) {
                KernelRecord[] bigger = new KernelRecord[ring.length * 2];
                for (int i = 0; i < size; i++) {
                    bigger[i] = ring[(head + i) & (ring.length - 1)];
                }
                ring = bigger;
                head = 0;
            }
            int mask = ring.length - 1;
            int i = size;
            // the usual case ends at once: r is not older than the newest held record of its CPU
            while (i > 0 && ORDER.compare(ring[(head + i - 1) & mask], r) > 0) {
                ring[(head + i) & mask] = ring[(head + i - 1) & mask];
                i--;
            }
            ring[(head + i) & mask] = r;
            size++;
            return i == 0;
        }

        KernelRecord peek() {
            return ring[head];
        }

        KernelRecord poll() {
            KernelRecord r = ring[head];
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
            return r;
        }

        boolean isEmpty() {
            return size == 0;
        }
    }
}
