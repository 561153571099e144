package io.yalas.shipper.source;

import io.yalas.shipper.Captures;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plain and LZ4 captures, and every way a capture can be damaged: clear errors, valid prefix, exact counts. */
class CaptureFileSourceTest {
    @TempDir
    Path tmp;

    private static final byte[] FAMILIES = read("families.bin");

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(Captures.path(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Offsets of every record in a plain capture. */
    static List<Integer> offsets(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> out = new ArrayList<>();
        for (int off = Abi.CAP_HDR_SIZE; off < file.length; off += b.getInt(off + Abi.HDR_RSIZE)) {
            out.add(off);
        }
        return out;
    }

    private Captures.Decoded run(byte[] content) throws IOException {
        Path f = tmp.resolve("c" + System.nanoTime() + ".bin");
        Files.write(f, content);
        return Captures.decode(f);
    }

    /** FAMILIES with header flags {@code flags} and a syscall mask of {@code ids}. */
    static byte[] withMask(int flags, int... ids) {
        byte[] c = FAMILIES.clone();
        ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Abi.CAP_FLAGS, flags);
        for (int id : ids) {
            int word = Abi.CAP_SYSMASK + (id / 64) * 8;
            b.putLong(word, b.getLong(word) | 1L << (id % 64));
        }
        return c;
    }

    private Optional<List<String>> watched(byte[] content) throws IOException {
        Path f = tmp.resolve("m" + System.nanoTime() + ".bin");
        Files.write(f, content);
        try (CaptureFileSource src = CaptureFileSource.open(f, false)) {
            return src.watchedSyscalls();
        }
    }

    @Test
    void aHeaderWithTheMaskFlagNamesTheWatchedSyscalls() throws IOException {
        byte[] masked = withMask(Abi.CAPF_SYSMASK, Syscalls.CLOSE, 187, Syscalls.OPENAT, Syscalls.EXECVE);
        assertEquals(Optional.of(List.of("close", "execve", "getcwd", "openat")), watched(masked));
        // the records are untouched by the header change
        assertEquals(run(FAMILIES).records().size(), run(masked).records().size());
        Path f = tmp.resolve("lz4-masked.bin.lz4");
        try (OutputStream o = new LZ4FrameOutputStream(Files.newOutputStream(f))) {
            o.write(masked);
        }
        try (CaptureFileSource src = CaptureFileSource.open(f, false)) {
            assertEquals(Optional.of(List.of("close", "execve", "getcwd", "openat")), src.watchedSyscalls());
        }
        // the module's default mask: every id of the table
        int[] all = Syscalls.all().stream().mapToInt(Syscalls.Sys::id).toArray();
        assertEquals(Syscalls.all().size(), watched(withMask(Abi.CAPF_SYSMASK, all)).orElseThrow().size());
    }

    @Test
    void aHeaderWithTheFlagClearHasAnUnknownMask() throws IOException {
        assertEquals(0, ByteBuffer.wrap(FAMILIES).order(ByteOrder.LITTLE_ENDIAN).getInt(Abi.CAP_FLAGS),
                "the committed sample predates the mask");
        assertEquals(Optional.empty(), watched(FAMILIES));
        // bits in the mask field count only with the flag
        assertEquals(Optional.empty(), watched(withMask(0, Syscalls.CLOSE)));
    }

    @Test
    void maskIdsBeyondTheSyscallTableAreIgnoredNotFatal() throws IOException {
        byte[] bad = withMask(Abi.CAPF_SYSMASK, Syscalls.CLOSE, 50, 200, 255);
        Path f = tmp.resolve("badmask.bin");
        Files.write(f, bad);
        try (CaptureFileSource src = CaptureFileSource.open(f, false)) {
            assertEquals(Optional.of(List.of("close")), src.watchedSyscalls());
            assertEquals(List.of(50, 200, 255), src.unknownMaskIds());
        }
        Captures.Decoded r = run(bad);
        assertNull(r.error());
        assertEquals(run(FAMILIES).records().size(), r.records().size());
    }

    @Test
    void lz4CompressedCaptureDecodesToTheSameRecords() throws IOException {
        Path lz4 = tmp.resolve("families.bin.lz4");
        try (OutputStream o = new LZ4FrameOutputStream(Files.newOutputStream(lz4))) {
            o.write(FAMILIES);
        }
        Captures.Decoded plain = run(FAMILIES);
        Captures.Decoded packed = Captures.decode(lz4);
        assertNull(packed.error());
        assertEquals(offsets(FAMILIES).size(), plain.records().size());
        assertEquals(plain.records().size(), packed.records().size());
        for (int i = 0; i < plain.records().size(); i++) {
            assertEquals(plain.records().get(i).cpuSeq(), packed.records().get(i).cpuSeq());
            assertEquals(plain.records().get(i).path(), packed.records().get(i).path());
        }
        assertTrue(Files.size(lz4) < FAMILIES.length / 2, "compressed " + Files.size(lz4));
    }

    @Test
    void truncatedCaptureDeliversItsPrefixAndSaysWhere() throws IOException {
        List<Integer> offs = offsets(FAMILIES);
        int cutRecord = offs.get(100);
        byte[] cut = java.util.Arrays.copyOf(FAMILIES, cutRecord + 40);
        Captures.Decoded r = run(cut);
        assertEquals(100, r.records().size());
        assertNotNull(r.error());
        assertTrue(r.error().contains("byte offset " + cutRecord + ": truncated record"), r.error());
        assertEquals(40, r.source().lostBytes.get());
    }

    @Test
    void impossibleSizeEndsTheFileThereAndCountsTheRestAsLost() throws IOException {
        List<Integer> offs = offsets(FAMILIES);
        byte[] bad = FAMILIES.clone();
        int at = offs.get(50);
        ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(at + Abi.HDR_RSIZE, 1_000_000);
        Captures.Decoded r = run(bad);
        assertEquals(50, r.records().size());
        assertTrue(r.error().contains("byte offset " + at + ": corrupt record: impossible size 1000000"), r.error());
        assertEquals(bad.length - at, r.source().lostBytes.get());
        assertEquals(1, r.source().framingErrors.get());
    }

    @Test
    void unknownRecordTypesAndImpossibleInnerLengthsAreCountedAndSkipped() throws IOException {
        List<Integer> offs = offsets(FAMILIES);
        byte[] bad = FAMILIES.clone();
        ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(offs.get(10) + Abi.HDR_TYPE, (short) 99);
        b.putShort(offs.get(11) + Abi.HDR_TYPE, (short) 0x7fff);
        int file = offs.stream().filter(o -> b.getShort(o + Abi.HDR_TYPE) == Abi.REC_FILE).findFirst().orElseThrow();
        b.putShort(file + Abi.SYSCALL_BODY + Abi.FILE_PATH_LEN, (short) 60000);
        Captures.Decoded r = run(bad);
        assertNull(r.error());
        assertEquals(2, r.decode().unknownType.get());
        assertEquals(1, r.decode().malformed.get());
        assertEquals(offs.size() - 3, r.records().size());
        assertEquals(offs.size(), r.decode().records.get());
    }

    @Test
    void notACaptureIsRefusedWithTheOffset() throws IOException {
        byte[] junk = new byte[1000];
        java.util.Arrays.fill(junk, (byte) 7);
        Path f = tmp.resolve("junk");
        Files.write(f, junk);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFileSource.open(f, false));
        assertTrue(e.getMessage().contains("byte offset 0: not a YALAS capture"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(FAMILIES, 100));
        e = assertThrows(CaptureFormatException.class, () -> CaptureFileSource.open(f, false));
        assertTrue(e.getMessage().contains("byte offset 100: capture header cut short"), e.getMessage());
    }

    @Test
    void pacedReplayTakesTheRecordedTime() throws IOException {
        Path f = Captures.path("families.bin");
        long t0 = System.nanoTime();
        List<Long> ts = new ArrayList<>();
        try (CaptureFileSource src = CaptureFileSource.open(f, true)) {
            while (src.poll((b, off) -> ts.add(b.getLong(off + Abi.HDR_TS_NS))) >= 0) {
                // drain
            }
        }
        long span = ts.stream().mapToLong(Long::longValue).max().orElseThrow() - ts.get(0);
        long took = System.nanoTime() - t0;
        assertTrue(took >= span * 0.9, "paced replay took " + took + " ns for a " + span + " ns recording");
    }
}
