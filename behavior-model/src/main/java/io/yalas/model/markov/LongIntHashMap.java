package io.yalas.model.markov;

/**
 * Open-addressing hash map from a 64-bit key to an int, with no boxing.
 *
 * <p>The model's keys are already well-mixed 64-bit hashes (see {@link ContextHash}), so the table
 * uses the low bits directly and linear probing; that keeps a lookup to one or two cache lines, which
 * is what makes O(1) scoring at several million symbols per second possible. Key 0 marks an empty
 * slot; {@link ContextHash} never produces 0.
 */
public final class LongIntHashMap {
    /** Returned by {@link #get} when the key is absent. */
    public static final int MISSING = Integer.MIN_VALUE;

    private long[] keys;
    private int[] values;
    private int mask;
    private int size;

    public LongIntHashMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    public int size() {
        return size;
    }

    public int get(long key) {
        int i = (int) key & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                return values[i];
            }
            if (k == 0) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    /** Inserts or replaces; the key must not be 0. */
    public void put(long key, int value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved for empty slots");
        }
        int i = (int) key & mask;
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return;
            }
            if (k == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /** Bytes held by the two arrays, for the model-size report. */
    public long memoryBytes() {
        return (long) keys.length * Long.BYTES + (long) values.length * Integer.BYTES;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "LongIntHashMap[size=" + size + ", capacity=" + keys.length + "]";
    }
}
