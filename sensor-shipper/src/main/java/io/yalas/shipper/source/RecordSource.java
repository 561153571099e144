package io.yalas.shipper.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Where kernel records come from: the live rings of /dev/yalas or a capture file. Records are handed
 * out in place (the buffer is only valid during the callback), so a source never copies a record.
 */
public interface RecordSource extends AutoCloseable {

    /** Receives one record: {@code buf} is little-endian, the record starts at {@code offset}. */
    @FunctionalInterface
    interface RecordConsumer {
        void accept(ByteBuffer buf, int offset);
    }

    /**
     * Delivers the records available now (up to a source-specific batch) and returns how many, 0 when
     * none is available yet, or -1 when the source has ended (end of file, or a fatal format error:
     * see {@link #error()}).
     */
    int poll(RecordConsumer consumer) throws IOException;

    /** CLOCK_REALTIME - CLOCK_BOOTTIME in ns: adds to a record's ts_ns to give wall-clock time. */
    long wallClockOffsetNs();

    /** Number of per-CPU streams the records are merged from. */
    int nrCpus();

    /** Host name the records come from. */
    String hostname();

    /**
     * The syscalls the module watched (its syscall mask) as {@link io.yalas.shipper.abi.Syscalls} names,
     * ascending; empty when unknown, which means every syscall of the table (the module's default).
     */
    default Optional<List<String>> watchedSyscalls() {
        return Optional.empty();
    }

    /** Counters of this source (bytes lost to corruption, kernel drops...). */
    SourceCounters counters();

    /** The error that ended the source early, or null. */
    String error();

    /**
     * Called when the shipper is asked to stop: true if the records already produced must still be read
     * (the source stops producing new ones and {@link #poll} then runs dry), false to end right away.
     */
    default boolean drainOnStop() {
        return false;
    }

    /** Blocks until records may be available or {@code timeoutMs} passed (never busy-spins). */
    void awaitData(long timeoutMs) throws IOException;

    @Override
    void close() throws IOException;
}
