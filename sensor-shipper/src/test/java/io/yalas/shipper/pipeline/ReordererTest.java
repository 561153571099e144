package io.yalas.shipper.pipeline;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.decode.KernelRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReordererTest {

    private static KernelRecord rec(int cpu, long seq, long ts) {
        return new KernelRecord(Abi.REC_SYSCALL, 0, 0, ts, seq, cpu, 1, 1, 0, 0, 0, 0, 0, 0, 0, "t",
                1, 0, 0, 0, null, -1, -1, null, null, -1, -1, -1, 0, 0, 0, null, -1, null, null, -1, -1, 0, false);
    }

    /** The rule the Reorderer implements, written the simple way: one heap of every held record. */
    private static final class OneHeap {
        final PriorityQueue<KernelRecord> heap = new PriorityQueue<>(Reorderer.ORDER);
        final List<Long> lastTs = new ArrayList<>();
        final int capacity;
        final long maxLagNs;
        final Consumer<KernelRecord> out;
        long maxTs = Long.MIN_VALUE;

        OneHeap(int capacity, long maxLagNs, int nrCpus, Consumer<KernelRecord> out) {
            this.capacity = capacity;
            this.maxLagNs = maxLagNs;
            this.out = out;
            for (int i = 0; i < nrCpus; i++) {
                lastTs.add(Long.MIN_VALUE);
            }
        }

        void add(KernelRecord r) {
            while (lastTs.size() <= r.cpu()) {
                lastTs.add(Long.MIN_VALUE);
            }
            lastTs.set(r.cpu(), Math.max(lastTs.get(r.cpu()), r.tsNs()));
            maxTs = Math.max(maxTs, r.tsNs());
            heap.add(r);
            release();
        }

        void idle(int cpu, long ts) {
            if (cpu < lastTs.size() && lastTs.get(cpu) < ts) {
                lastTs.set(cpu, ts);
                release();
            }
        }

        void release() {
            long wm = lastTs.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
            KernelRecord top;
            while ((top = heap.peek()) != null
                    && (top.tsNs() <= wm || heap.size() > capacity || maxTs - top.tsNs() > maxLagNs)) {
                out.accept(heap.poll());
            }
        }

        void drain() {
            while (!heap.isEmpty()) {
                out.accept(heap.poll());
            }
        }
    }

    @Test
    void chunkedPerCpuStreamsComeOutInTimeOrder() {
        List<KernelRecord> in = new ArrayList<>();
        // CPU 0 then CPU 1 in chunks of 100, as a capture or a ring drain delivers them
        for (int chunk = 0; chunk < 10; chunk++) {
            for (int cpu = 0; cpu < 2; cpu++) {
                for (int i = 0; i < 100; i++) {
                    long seq = chunk * 100L + i;
                    in.add(rec(cpu, seq, seq * 10 + cpu * 5));
                }
            }
        }
        List<KernelRecord> out = new ArrayList<>();
        Reorderer r = new Reorderer(65536, Long.MAX_VALUE, 2, out::add);
        in.forEach(r::add);
        r.drain();
        List<KernelRecord> sorted = new ArrayList<>(in);
        sorted.sort(Reorderer.ORDER);
        assertEquals(sorted, out);
    }

    @Test
    void sameOutputAsOneHeapOverEverythingHeldWithBoundsIdleAndLateRecords() {
        Random rnd = new Random(11);
        for (int round = 0; round < 200; round++) {
            int declared = 1 + rnd.nextInt(4);
            int cpus = declared + rnd.nextInt(3); // records from CPUs not declared at start too
            int capacity = 1 + rnd.nextInt(300);
            long maxLag = rnd.nextBoolean() ? Long.MAX_VALUE : 1 + rnd.nextInt(5000);
            List<KernelRecord> expected = new ArrayList<>();
            List<KernelRecord> actual = new ArrayList<>();
            OneHeap ref = new OneHeap(capacity, maxLag, declared, expected::add);
            Reorderer sut = new Reorderer(capacity, maxLag, declared, actual::add);
            long[] clock = new long[cpus];
            long[] seq = new long[cpus];
            for (int step = 0; step < 2000; step++) {
                int cpu = rnd.nextInt(cpus);
                if (rnd.nextInt(50) == 0) {
                    long t = clock[cpu] + rnd.nextInt(100);
                    ref.idle(cpu, t);
                    sut.idle(cpu, t);
                    continue;
                }
                // mostly in order per CPU, sometimes late (older than the CPU's newest), ties included
                long ts = rnd.nextInt(20) == 0 ? Math.max(0, clock[cpu] - rnd.nextInt(200)) : clock[cpu] + rnd.nextInt(30);
                clock[cpu] = Math.max(clock[cpu], ts);
                KernelRecord k = rec(cpu, seq[cpu]++, ts);
                ref.add(k);
                sut.add(k);
            }
            ref.drain();
            sut.drain();
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertSame(expected.get(i), actual.get(i), "round " + round + ", record " + i);
            }
        }
    }

    @Test
    void aRecordWithoutASaneCpuPassesStraightThrough() {
        List<KernelRecord> out = new ArrayList<>();
        Reorderer r = new Reorderer(65536, Long.MAX_VALUE, 2, out::add);
        r.add(rec(0, 0, 100));
        KernelRecord odd = rec(-1, 0, 50);
        r.add(odd);
        assertEquals(List.of(odd), out);
        r.drain();
        assertEquals(2, out.size());
    }
}
