package io.yalas.bench.shipper;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.source.RecordSource;
import io.yalas.shipper.source.SourceCounters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The records of a real capture, in memory, replayed once per {@link #rewind()}: each pass is shifted
 * in time past the previous one, so the pipeline sees one continuous recording (windows expire as in
 * production, nothing is held across passes).
 */
final class CaptureLoop implements RecordSource {
    private final ByteBuffer records;
    private final int[] offsets;
    private final long span;
    private final int nrCpus;
    private long shift;
    private boolean delivered;

    CaptureLoop(Path capture) throws IOException {
        byte[] file = Files.readAllBytes(capture);
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        nrCpus = b.getInt(Abi.CAP_NR_CPUS);
        records = ByteBuffer.wrap(Arrays.copyOfRange(file, Abi.CAP_HDR_SIZE, file.length)).order(ByteOrder.LITTLE_ENDIAN);
        int n = 0;
        int[] offs = new int[file.length / Abi.HDR_SIZE];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int off = 0; off + Abi.HDR_SIZE <= records.limit(); off += records.getInt(off + Abi.HDR_RSIZE)) {
            offs[n++] = off;
            long ts = records.getLong(off + Abi.HDR_TS_NS);
            min = Math.min(min, ts);
            max = Math.max(max, ts);
        }
        offsets = Arrays.copyOf(offs, n);
        span = max - min + 1_000_000_000L;
    }

    int size() {
        return offsets.length;
    }

    long bytes() {
        return records.limit();
    }

    /** The next pass: timestamps move forward by the recording's span plus a second. */
    void rewind() {
        shift += span;
        for (int off : offsets) {
            records.putLong(off + Abi.HDR_TS_NS, records.getLong(off + Abi.HDR_TS_NS) + span);
        }
        delivered = false;
    }

    @Override
    public int poll(RecordConsumer consumer) {
        if (delivered) {
            return -1;
        }
        for (int off : offsets) {
            consumer.accept(records, off);
        }
        delivered = true;
        return offsets.length;
    }

    @Override
    public long wallClockOffsetNs() {
        return 1_700_000_000_000_000_000L;
    }

    @Override
    public int nrCpus() {
        return nrCpus;
    }

    @Override
    public String hostname() {
        return "bench";
    }

    @Override
    public SourceCounters counters() {
        return new SourceCounters();
    }

    @Override
    public String error() {
        return null;
    }

    @Override
    public void awaitData(long timeoutMs) {
    }

    @Override
    public void close() {
    }
}
