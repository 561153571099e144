package io.yalas.shipper.source;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.decode.Decoder;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a capture file (sensor-kmod/docs/capture-format.md), plain or LZ4-frame compressed (detected by
 * the frame magic), at full speed or paced to the recorded time. A truncated or corrupt file delivers
 * its valid prefix; the first bad byte ends the source with an error naming its offset in the
 * (uncompressed) capture stream, and every byte after it is counted in {@code lostBytes}.
 */
public final class CaptureFileSource implements RecordSource {
    private static final Logger LOG = LoggerFactory.getLogger(CaptureFileSource.class);
    private static final int LZ4_FRAME_MAGIC = 0x184D2204;
    private static final int CHUNK = 1 << 20;
    private static final int BATCH = 4096;

    private final Path file;
    private final InputStream in;
    private final boolean paced;
    private final SourceCounters counters = new SourceCounters();
    private final byte[] chunk = new byte[CHUNK + Abi.MAX_RECORD];
    private final ByteBuffer buf = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    private final long wallOffsetNs;
    private final String hostname;
    private final String kernelRelease;
    private final int nrCpus;
    private final List<String> watched; // null = unknown (header flag clear)
    private final List<Integer> unknownMaskIds;
    private int pos;
    private int limit;
    private long streamOffset = Abi.CAP_HDR_SIZE; // offset of chunk[0] in the capture stream
    private boolean eof;
    private boolean ended;
    private String error;
    private long firstTs = -1;
    private long startNanos;

    private CaptureFileSource(Path file, InputStream in, boolean paced) throws IOException {
        this.file = file;
        this.in = in;
        this.paced = paced;
        byte[] h = new byte[Abi.CAP_HDR_SIZE];
        int n = in.readNBytes(h, 0, h.length);
        ByteBuffer hb = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        if (n < 8) {
            throw new CaptureFormatException(file + ": byte offset " + n + ": file too short for a capture header");
        }
        if (hb.getInt(Abi.CAP_MAGIC) != Abi.CAPTURE_MAGIC) {
            throw new CaptureFormatException(file + ": byte offset 0: not a YALAS capture (magic 0x"
                    + Integer.toHexString(hb.getInt(Abi.CAP_MAGIC)) + ", expected 0x"
                    + Integer.toHexString(Abi.CAPTURE_MAGIC) + ")");
        }
        int version = Short.toUnsignedInt(hb.getShort(Abi.CAP_VERSION));
        int hdrSize = Short.toUnsignedInt(hb.getShort(Abi.CAP_HDR_SIZE_FIELD));
        if (version != Abi.CAPTURE_VERSION || hdrSize < Abi.CAP_HDR_SIZE) {
            throw new CaptureFormatException(file + ": byte offset 4: unsupported capture version " + version
                    + " / header size " + hdrSize);
        }
        if (n < Abi.CAP_HDR_SIZE) {
            throw new CaptureFormatException(file + ": byte offset " + n + ": capture header cut short");
        }
        int abi = hb.getInt(Abi.CAP_ABI_VERSION);
        if (abi >>> 16 != Abi.ABI_VERSION_MAJOR) {
            throw new CaptureFormatException(file + ": byte offset 8: records of ABI " + (abi >>> 16) + "."
                    + (abi & 0xffff) + ", this shipper reads ABI " + Abi.ABI_VERSION_MAJOR + ".x");
        }
        long skip = hdrSize - Abi.CAP_HDR_SIZE;
        if (in.skip(skip) != skip) {
            throw new CaptureFormatException(file + ": byte offset " + Abi.CAP_HDR_SIZE + ": capture header cut short");
        }
        streamOffset = hdrSize;
        nrCpus = hb.getInt(Abi.CAP_NR_CPUS);
        wallOffsetNs = hb.getLong(Abi.CAP_REALTIME_NS) - hb.getLong(Abi.CAP_BOOT_NS);
        hostname = cString(h, Abi.CAP_HOSTNAME);
        kernelRelease = cString(h, Abi.CAP_KERNEL);
        if ((hb.getInt(Abi.CAP_FLAGS) & Abi.CAPF_SYSMASK) != 0) {
            Syscalls.Mask mask = Syscalls.decodeMask(hb, Abi.CAP_SYSMASK);
            watched = mask.names();
            unknownMaskIds = mask.unknownIds();
            if (!unknownMaskIds.isEmpty()) {
                // a newer module's syscalls, or a damaged header: they cannot be named, so they are left out
                // (whoever uses the watched set then treats them as not watched, i.e. never refuses them)
                LOG.warn("{}: byte offset {}: the capture's syscall mask has ids this shipper does not know, ignored: {}",
                        file, Abi.CAP_SYSMASK, unknownMaskIds);
            }
        } else {
            watched = null;
            unknownMaskIds = List.of();
        }
    }

    /** Opens {@code file}; {@code paced}: deliver records no faster than they were recorded. */
    public static CaptureFileSource open(Path file, boolean paced) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(4);
            byte[] m = raw.readNBytes(4);
            raw.reset();
            boolean lz4 = m.length == 4 && ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).getInt() == LZ4_FRAME_MAGIC;
            InputStream in = lz4 ? new LZ4FrameInputStream(raw) : raw;
            return new CaptureFileSource(file, in, paced);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static String cString(byte[] b, int off) {
        int n = 0;
        while (n < Abi.CAP_NAME_LEN && b[off + n] != 0) {
            n++;
        }
        return new String(b, off, n, StandardCharsets.UTF_8);
    }

    @Override
    public int poll(RecordConsumer consumer) throws IOException {
        if (ended) {
            return -1;
        }
        int delivered = 0;
        while (delivered < BATCH) {
            int avail = limit - pos;
            if (avail >= 8) {
                long size = Integer.toUnsignedLong(buf.getInt(pos + Abi.HDR_RSIZE));
                if (!Decoder.plausibleSize(size)) {
                    counters.framingErrors.incrementAndGet();
                    fail("corrupt record: impossible size " + size, avail + drainRest());
                    return delivered;
                }
                if (avail >= size) {
                    if (paced) {
                        pace(buf.getLong(pos + Abi.HDR_TS_NS));
                    }
                    consumer.accept(buf, pos);
                    pos += (int) size;
                    delivered++;
                    continue;
                }
            }
            if (eof) {
                if (avail > 0) {
                    fail("truncated record: the file ends " + avail + " bytes into it", avail);
                }
                ended = true;
                return delivered > 0 ? delivered : -1;
            }
            refill();
        }
        return delivered;
    }

    /** Moves the unread bytes to the front and reads until the chunk is full or the stream ends. */
    private void refill() throws IOException {
        int rest = limit - pos;
        System.arraycopy(chunk, pos, chunk, 0, rest);
        streamOffset += pos;
        pos = 0;
        limit = rest;
        int want = chunk.length - limit;
        int n = in.readNBytes(chunk, limit, want);
        limit += n;
        eof = n < want;
    }

    private long drainRest() throws IOException {
        long n = 0;
        byte[] skip = new byte[1 << 16];
        int r;
        while ((r = in.read(skip)) > 0) {
            n += r;
        }
        return n;
    }

    private void fail(String what, long lost) {
        error = file + ": byte offset " + (streamOffset + pos) + ": " + what + "; the "
                + (streamOffset + pos - Abi.CAP_HDR_SIZE) + " bytes of records before it were delivered, "
                + lost + " bytes after it are lost";
        counters.lostBytes.addAndGet(lost);
        ended = true;
    }

    private void pace(long ts) {
        if (firstTs < 0) {
            firstTs = ts;
            startNanos = System.nanoTime();
            return;
        }
        long due = startNanos + (ts - firstTs);
        long wait = due - System.nanoTime();
        if (wait > 1_000_000) {
            try {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public long wallClockOffsetNs() {
        return wallOffsetNs;
    }

    @Override
    public String hostname() {
        return hostname;
    }

    /** {@code uname -r} of the machine that recorded the capture (the corpus manifest lists it per run). */
    public String kernelRelease() {
        return kernelRelease;
    }

    @Override
    public int nrCpus() {
        return nrCpus;
    }

    /** The header's syscall mask (flag YALAS_CAPF_SYSMASK) as names; empty for files without one (unknown = all). */
    @Override
    public Optional<List<String>> watchedSyscalls() {
        return Optional.ofNullable(watched);
    }

    /** Ids set in the header's syscall mask that {@link Syscalls} does not know (left out of the watched set). */
    public List<Integer> unknownMaskIds() {
        return unknownMaskIds;
    }

    @Override
    public SourceCounters counters() {
        return counters;
    }

    @Override
    public String error() {
        return error;
    }

    @Override
    public void awaitData(long timeoutMs) {
        // a file always has data until it ends
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
