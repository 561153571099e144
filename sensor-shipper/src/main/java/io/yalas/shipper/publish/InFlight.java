package io.yalas.shipper.publish;

import io.yalas.shipper.spool.SpoolRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records sent directly to the producer and not yet acknowledged, in send order (= sequence order).
 * Added by the pipeline thread, acknowledged by the producer's callbacks in any order across
 * partitions; what is left at shutdown goes to the spool. A ring indexed by send number: one slot
 * write per record instead of a boxed key and a node in a concurrent map (which showed in the profile).
 */
final class InFlight {
    private SpoolRecord[] slots = new SpoolRecord[1024];
    /** Send number of the oldest slot that may still be occupied. */
    private long head;
    /** Send number of the next record. */
    private long tail;
    private int live;

    /** Returns the record's send number, for {@link #ack}. */
    synchronized long add(SpoolRecord r) {
        if (tail - head == slots.length) {
            grow();
        }
        slots[slot(tail)] = r;
        live++;
        return tail++;
    }

    /** The record with send number {@code n} was acknowledged (or taken back): forget it. */
    synchronized void ack(long n) {
        int i = slot(n);
        if (n < head || n >= tail || slots[i] == null) {
            throw new IllegalStateException("send number " + n + " is not in flight");
        }
        slots[i] = null;
        live--;
        while (head < tail && slots[slot(head)] == null) {
            head++;
        }
    }

    synchronized boolean isEmpty() {
        return live == 0;
    }

    /** Everything still unacknowledged, oldest first; the window is empty afterwards. */
    synchronized List<SpoolRecord> drain() {
        List<SpoolRecord> left = new ArrayList<>(live);
        for (long n = head; n < tail; n++) {
            SpoolRecord r = slots[slot(n)];
            if (r != null) {
                left.add(r);
            }
        }
        Arrays.fill(slots, null);
        head = tail;
        live = 0;
        return left;
    }

    private int slot(long n) {
        return (int) (n & (slots.length - 1));
    }

    private void grow() {
        SpoolRecord[] bigger = new SpoolRecord[slots.length * 2];
        for (long n = head; n < tail; n++) {
            bigger[(int) (n & (bigger.length - 1))] = slots[slot(n)];
        }
        slots = bigger;
    }
}
