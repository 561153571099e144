package io.yalas.shipper.decode;

import io.yalas.schemas.SyscallEvent;
import io.yalas.shipper.Captures;
import io.yalas.shipper.ListSink;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.pipeline.Coalescer;
import io.yalas.shipper.pipeline.Filter;
import io.yalas.shipper.pipeline.RunTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Syscall latency (ABI 1.2 trailer) from a capture of the real module in which cat blocks for a second
 * reading a pipe that sleep closes (src/test/guest/record-captures.sh, latency.bin), and 1.1 captures
 * that have none.
 */
class LatencyTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void aReadThatBlockedForASecondCarriesThatLatency() throws Exception {
        Captures.Decoded d = Captures.decode(Captures.path("latency.bin"));
        assertNull(d.error());
        assertEquals(0, d.decode().malformed.get());
        KernelRecord read = d.records().stream()
                .filter(r -> r.comm().equals("cat") && r.sysid() == io.yalas.shipper.abi.Syscalls.id("read") && r.ret() == 0)
                .findFirst().orElseThrow();
        assertTrue(read.latencyNs() >= SECOND - SECOND / 20 && read.latencyNs() < 5 * SECOND, read.toString());
        long exitMade = 0;
        long measured = 0;
        for (KernelRecord r : d.records()) {
            if (!r.isSyscall()) {
                assertEquals(-1, r.latencyNs(), "process records have no latency");
            } else if ((r.flags() & Abi.RF_ENTER) != 0) {
                assertEquals(-1, r.latencyNs(), "records made at entry have no latency");
            } else {
                exitMade++;
                measured += r.latencyNs() >= 0 ? 1 : 0;
            }
        }
        // only syscalls already running when the capture started lack it
        assertTrue(measured >= exitMade - 4 && measured > 20, measured + " of " + exitMade);
    }

    @Test
    void olderCapturesDecodeAsBeforeWithoutLatency() throws Exception {
        for (String capture : List.of("families.bin", "busy.bin")) {
            Captures.Decoded d = Captures.decode(Captures.path(capture));
            assertEquals(0, d.decode().malformed.get());
            assertTrue(d.records().stream().allMatch(r -> r.latencyNs() == -1), capture);
        }
    }

    @Test
    void shippedEventsCarryMeanMinAndMaxOfTheirRun() throws Exception {
        ListSink sink = new ListSink();
        Captures.run(Captures.path("latency.bin"), sink, SECOND, Filter.none());
        SyscallEvent read = sink.events.stream()
                .filter(e -> e.getComm().equals("cat") && e.getSyscall().equals("read") && e.getRet() == 0)
                .findFirst().orElseThrow();
        assertTrue(read.getLatencyMinNs() >= SECOND - SECOND / 20, read.toString());
        long withLatency = 0;
        for (SyscallEvent e : sink.events) {
            if (e.getLatencyNs() == null) {
                assertNull(e.getLatencyMinNs());
                assertNull(e.getLatencyMaxNs());
                continue;
            }
            withLatency++;
            assertTrue(e.getLatencyMinNs() <= e.getLatencyNs() && e.getLatencyNs() <= e.getLatencyMaxNs(), e.toString());
        }
        assertTrue(withLatency > 10);
    }

    @Test
    void aRunAveragesOnlyTheRecordsThatHaveALatency() throws Exception {
        Enricher en = Enricher.create(100, 100, null, List.of("/etc/"));
        KernelRecord base = Captures.decode(Captures.path("latency.bin")).records().stream()
                .filter(r -> r.type() == Abi.REC_SYSCALL && r.latencyNs() >= 0 && !en.enrich(r).security())
                .findFirst().orElseThrow();
        List<RunTotals> out = new ArrayList<>();
        Coalescer c = new Coalescer(SECOND, 100, false, (first, totals) -> out.add(totals));
        long[] latencies = {300, -1, 100, 200};
        for (int i = 0; i < latencies.length; i++) {
            c.offer(en.enrich(Captures.copy(base, base.tsNs() + i, base.args(), latencies[i])));
        }
        c.flushAll();
        assertEquals(1, out.size());
        RunTotals t = out.get(0);
        assertEquals(4, t.count());
        assertEquals(3, t.latencies());
        assertEquals(200L, t.latencyMeanNs());
        assertEquals(100L, t.latencyMin());
        assertEquals(300L, t.latencyMax());
        assertNull(RunTotals.of(Captures.copy(base, base.tsNs(), base.args(), -1)).latencyMeanNs());
    }

    @Test
    void aTrailerThatOverlapsTheRecordsDataOrIsNegativeIsMalformed() throws Exception {
        byte[] file = Files.readAllBytes(Captures.path("latency.bin"));
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int fileRec = -1;
        int other = -1;
        for (int off = Abi.CAP_HDR_SIZE; off < file.length; off += b.getInt(off + Abi.HDR_RSIZE)) {
            boolean lat = (b.getShort(off + Abi.HDR_FLAGS) & Abi.RF_LATENCY) != 0;
            if (lat && fileRec < 0 && b.getShort(off + Abi.HDR_TYPE) == Abi.REC_FILE) {
                fileRec = off;
            } else if (lat && other < 0 && b.getShort(off + Abi.HDR_TYPE) == Abi.REC_SYSCALL) {
                other = off;
            }
        }
        assertTrue(fileRec > 0 && other > 0);
        int size = b.getInt(fileRec + Abi.HDR_RSIZE);
        int room = size - Abi.SYSCALL_BODY - Abi.FILE_SIZE;
        // the path would run into the trailer: fine for a 1.1 reader's bounds, not for 1.2
        b.putShort(fileRec + Abi.SYSCALL_BODY + Abi.FILE_PATH_LEN, (short) (room - 7));
        b.putShort(fileRec + Abi.SYSCALL_BODY + Abi.FILE_PATH2_LEN, (short) 0);
        b.putLong(other + b.getInt(other + Abi.HDR_RSIZE) - Abi.LATENCY_SIZE, -5);
        Path bad = tmp.resolve("bad.bin");
        Files.write(bad, file);
        Captures.Decoded d = Captures.decode(bad);
        assertEquals(2, d.decode().malformed.get());
        assertEquals(Captures.decode(Captures.path("latency.bin")).records().size() - 2, d.records().size());
    }
}
