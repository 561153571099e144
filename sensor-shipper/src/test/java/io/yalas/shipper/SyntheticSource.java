package io.yalas.shipper;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.source.RecordSource;
import io.yalas.shipper.source.SourceCounters;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Generates plain syscall records in the module's format at a fixed rate: {@code perPoll} records every
 * {@code intervalMs}, {@code total} in all, pids cycling over {@code pids} processes. Each record is a
 * getcwd with a distinct return value, so with coalescing off every record is one event.
 */
public final class SyntheticSource implements RecordSource {
    private static final int SIZE = Abi.HDR_SIZE + Abi.SYS_SIZE;

    private final long total;
    private final int perPoll;
    private final long intervalMs;
    private final int pids;
    private final ByteBuffer buf;
    private final SourceCounters counters = new SourceCounters();
    private long made;
    private long nextPollMs;

    public SyntheticSource(long total, int perPoll, long intervalMs, int pids) {
        this.total = total;
        this.perPoll = perPoll;
        this.intervalMs = intervalMs;
        this.pids = pids;
        this.buf = ByteBuffer.allocate(SIZE * perPoll).order(ByteOrder.LITTLE_ENDIAN);
    }

    public long made() {
        return made;
    }

    @Override
    public int poll(RecordConsumer consumer) {
        if (made >= total) {
            return -1;
        }
        long now = System.currentTimeMillis();
        if (now < nextPollMs) {
            return 0;
        }
        nextPollMs = Math.max(now, nextPollMs) + intervalMs;
        int n = (int) Math.min(perPoll, total - made);
        for (int i = 0; i < n; i++) {
            int off = i * SIZE;
            int pid = 1000 + (int) (made % pids);
            buf.putShort(off + Abi.HDR_TYPE, (short) Abi.REC_SYSCALL);
            buf.putShort(off + Abi.HDR_FLAGS, (short) 0);
            buf.putInt(off + Abi.HDR_RSIZE, SIZE);
            buf.putLong(off + Abi.HDR_TS_NS, 1_000_000_000L + made * 1000);
            buf.putLong(off + Abi.HDR_SEQ, made);
            buf.putInt(off + Abi.HDR_CPU, 0);
            buf.putInt(off + Abi.HDR_TGID, pid);
            buf.putInt(off + Abi.HDR_TID, pid);
            buf.putInt(off + Abi.HDR_PPID, 1);
            for (int c = 0; c < Abi.COMM_LEN; c++) {
                buf.put(off + Abi.HDR_COMM + c, c < 4 ? (byte) "work".charAt(c) : 0);
            }
            int s = off + Abi.HDR_SIZE;
            buf.putLong(s + Abi.SYS_RET, made);
            buf.putShort(s + Abi.SYS_SYSID, (short) Syscalls.id("getcwd"));
            buf.putShort(s + Abi.SYS_FAMILY, (short) Abi.FAM_PRIV);
            buf.putInt(s + Abi.SYS_NR, 79);
            consumer.accept(buf, off);
            made++;
        }
        return n;
    }

    @Override
    public long wallClockOffsetNs() {
        return 1_700_000_000_000_000_000L;
    }

    @Override
    public int nrCpus() {
        return 1;
    }

    @Override
    public String hostname() {
        return "synthetic";
    }

    @Override
    public SourceCounters counters() {
        return counters;
    }

    @Override
    public String error() {
        return null;
    }

    @Override
    public void awaitData(long timeoutMs) throws java.io.IOException {
        long wait = Math.min(timeoutMs, nextPollMs - System.currentTimeMillis());
        if (wait > 0) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
    }

    @Override
    public void close() {
    }
}
