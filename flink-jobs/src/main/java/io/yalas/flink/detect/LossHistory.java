package io.yalas.flink.detect;

/** The last few intervals in which a host lost events (a Flink POJO in broadcast state). */
public class LossHistory {
    public long[] starts = new long[0];
    public long[] ends = new long[0];
    public long[] lost = new long[0];

    public LossHistory() {
    }

    void add(long startMillis, long endMillis, long count, int keep) {
        int n = Math.min(starts.length + 1, keep);
        long[] s = new long[n];
        long[] e = new long[n];
        long[] l = new long[n];
        int copy = n - 1;
        System.arraycopy(starts, starts.length - copy, s, 0, copy);
        System.arraycopy(ends, ends.length - copy, e, 0, copy);
        System.arraycopy(lost, lost.length - copy, l, 0, copy);
        s[copy] = startMillis;
        e[copy] = endMillis;
        l[copy] = count;
        starts = s;
        ends = e;
        lost = l;
    }

    /** Events lost by the host in intervals overlapping [fromMillis, toMillis]. */
    public long lostBetween(long fromMillis, long toMillis) {
        long total = 0;
        for (int i = 0; i < starts.length; i++) {
            if (starts[i] <= toMillis && ends[i] >= fromMillis) {
                total += lost[i];
            }
        }
        return total;
    }
}
