package io.yalas.flink.detect;

/**
 * The {@code capacity} most surprising events of the current window with their sequence numbers and
 * renderings (a Flink POJO). Kept because the window itself stores only symbols: when an alert names
 * its least probable transitions, the events behind them are found here. Insertion is O(capacity) and
 * happens only for events more surprising than the least surprising one kept.
 */
public class Evidence {
    public long[] positions;
    public long[] seqs;
    public float[] surprisals;
    public String[] events;
    public int size;

    public Evidence() {
    }

    public static Evidence withCapacity(int capacity) {
        Evidence e = new Evidence();
        e.positions = new long[capacity];
        e.seqs = new long[capacity];
        e.surprisals = new float[capacity];
        e.events = new String[capacity];
        return e;
    }

    /** Drops what left the window, then keeps the event if it is among the most surprising. */
    public boolean offer(long position, long windowStart, float surprisal, long seq, java.util.function.Supplier<String> rendering) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (positions[r] >= windowStart) {
                move(r, w++);
            }
        }
        size = w;
        int slot;
        if (size < positions.length) {
            slot = size++;
        } else {
            slot = 0;
            for (int i = 1; i < size; i++) {
                if (surprisals[i] < surprisals[slot]) {
                    slot = i;
                }
            }
            if (surprisals[slot] >= surprisal) {
                return false;
            }
        }
        positions[slot] = position;
        seqs[slot] = seq;
        surprisals[slot] = surprisal;
        events[slot] = rendering.get();
        return true;
    }

    /** Whether {@code surprisal} would be kept, to skip the call (and the rendering) for ordinary events. */
    public boolean worthOffering(float surprisal, long windowStart) {
        if (size < positions.length) {
            return true;
        }
        float min = Float.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            if (positions[i] < windowStart) {
                return true;
            }
            min = Math.min(min, surprisals[i]);
        }
        return surprisal > min;
    }

    public int indexOf(long position) {
        for (int i = 0; i < size; i++) {
            if (positions[i] == position) {
                return i;
            }
        }
        return -1;
    }

    private void move(int from, int to) {
        if (from != to) {
            positions[to] = positions[from];
            seqs[to] = seqs[from];
            surprisals[to] = surprisals[from];
            events[to] = events[from];
        }
    }
}
