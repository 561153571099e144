package io.yalas.shipper.spool;

import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A bounded FIFO of Kafka records on disk, for when Kafka is unreachable or slow.
 *
 * <p>Records are appended to the open segment, an LZ4 frame ({@code seg-<first seq>.lz4}); a segment is
 * closed when it reaches {@code segmentBytes} (uncompressed) or when the reader catches up with it.
 * Closed segments are read oldest first and deleted once everything in them was acknowledged.
 *
 * <p>Fsync policy: the open segment is flushed (its LZ4 block written) and fsync'ed at most every
 * {@code fsyncIntervalMs} (on {@link #maybeSync()}) and always when closed; so a crash loses at most
 * the records appended in the last interval. {@code fsyncIntervalMs = 0} syncs on every append.
 *
 * <p>Bound: {@code maxBytes} counts the compressed size of closed segments plus the uncompressed bytes
 * of the open one; an append that would pass it is refused (the caller drops and counts).
 * Single-threaded: the pipeline thread only.
 */
public final class Spool implements AutoCloseable {
    private static final String PREFIX = "seg-";
    private static final String SUFFIX = ".lz4";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final long fsyncIntervalNanos;
    private final Deque<Path> closed = new ArrayDeque<>();
    private long closedBytes;
    private Path openPath;
    private FileChannel openChannel;
    private DataOutputStream openOut;
    private long openBytes;
    private int openRecords;
    private long lastSync = System.nanoTime();
    private boolean dirty;
    private long recoveredLostBytes;

    public Spool(Path dir, long maxBytes, long segmentBytes, long fsyncIntervalMs) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsyncIntervalNanos = fsyncIntervalMs * 1_000_000L;
        Files.createDirectories(dir);
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            ds.forEach(found::add);
        }
        Collections.sort(found); // zero-padded first seq: name order is seq order
        for (Path p : found) {
            closed.add(p);
            closedBytes += Files.size(p);
        }
    }

    public boolean isEmpty() {
        return closed.isEmpty() && openRecords == 0;
    }

    public long bytes() {
        return closedBytes + openBytes;
    }

    public int segments() {
        return closed.size() + (openRecords > 0 ? 1 : 0);
    }

    /** Appends, or returns false when the spool is full (nothing is written then). */
    public boolean append(SpoolRecord r) {
        int size = r.encodedSize();
        if (bytes() + size > maxBytes) {
            return false;
        }
        try {
            if (openOut == null) {
                openSegment(r.seq());
            }
            openOut.writeLong(r.seq());
            openOut.writeInt(r.key().length);
            openOut.write(r.key());
            openOut.writeInt(r.value().length);
            openOut.write(r.value());
            openBytes += size;
            openRecords++;
            dirty = true;
            if (openBytes >= segmentBytes) {
                closeOpen();
            } else if (fsyncIntervalNanos == 0) {
                sync();
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write spool segment " + openPath, e);
        }
    }

    private void openSegment(long firstSeq) throws IOException {
        openPath = dir.resolve(String.format("%s%020d%s", PREFIX, firstSeq, SUFFIX));
        openChannel = FileChannel.open(openPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        OutputStream raw = Channels.newOutputStream(openChannel);
        openOut = new DataOutputStream(new LZ4FrameOutputStream(raw, LZ4FrameOutputStream.BLOCKSIZE.SIZE_256KB));
        openBytes = 0;
        openRecords = 0;
    }

    /** Applies the fsync policy: call regularly from the owning thread. */
    public void maybeSync() {
        if (dirty && System.nanoTime() - lastSync >= fsyncIntervalNanos) {
            sync();
        }
    }

    private void sync() {
        try {
            openOut.flush();
            openChannel.force(false);
            dirty = false;
            lastSync = System.nanoTime();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync spool segment " + openPath, e);
        }
    }

    /** Closes the open segment (if it holds anything) so that it can be read. */
    public void closeOpen() {
        if (openOut == null) {
            return;
        }
        try {
            openOut.close(); // writes the LZ4 end mark
            try (FileChannel ch = FileChannel.open(openPath, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            closed.add(openPath);
            closedBytes += Files.size(openPath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close spool segment " + openPath, e);
        } finally {
            openOut = null;
            openChannel = null;
            openBytes = 0;
            openRecords = 0;
            dirty = false;
        }
    }

    /**
     * The oldest closed segment's records, or null if there is none. A segment cut short by a crash
     * yields its readable prefix; the rest is counted in {@link #recoveredLostBytes()}.
     */
    public Segment oldest() {
        if (closed.isEmpty()) {
            return null;
        }
        Path p = closed.peekFirst();
        List<SpoolRecord> records = new ArrayList<>();
        long fileSize;
        try {
            fileSize = Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spool segment " + p, e);
        }
        try (InputStream in = new LZ4FrameInputStream(new BufferedInputStream(Files.newInputStream(p)));
             DataInputStream d = new DataInputStream(in)) {
            while (true) {
                long seq;
                try {
                    seq = d.readLong();
                } catch (EOFException end) {
                    break;
                }
                byte[] key = new byte[d.readInt()];
                d.readFully(key);
                byte[] value = new byte[d.readInt()];
                d.readFully(value);
                records.add(new SpoolRecord(seq, key, value));
            }
        } catch (IOException | RuntimeException e) {
            recoveredLostBytes += fileSize; // at most this much was unreadable
        }
        return new Segment(p, fileSize, records);
    }

    /** Deletes the oldest segment: call once every record of it was acknowledged. */
    public void release(Segment s) {
        if (closed.peekFirst() == null || !closed.peekFirst().equals(s.path())) {
            throw new IllegalStateException("spool segments must be released oldest first: " + s.path());
        }
        closed.removeFirst();
        closedBytes -= s.fileBytes();
        try {
            Files.deleteIfExists(s.path());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete spool segment " + s.path(), e);
        }
    }

    public long recoveredLostBytes() {
        return recoveredLostBytes;
    }

    public record Segment(Path path, long fileBytes, List<SpoolRecord> records) {
    }

    @Override
    public void close() {
        closeOpen();
    }
}
