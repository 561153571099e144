package io.yalas.shipper.decode;

import io.yalas.shipper.Captures;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes captures recorded with the real module in the guest (src/test/guest/record-captures.sh)
 * and checks them against what the workload says it did (families.exp: every syscall and its return).
 */
class RealModuleDecodeTest {

    static List<KernelRecord> decodeAll(String name) throws Exception {
        Captures.Decoded d = Captures.decode(Captures.path(name));
        assertNull(d.error());
        assertEquals(0, d.decode().unknownType.get());
        assertEquals(0, d.decode().malformed.get());
        List<KernelRecord> out = new ArrayList<>(d.records());
        out.sort(Comparator.comparingLong(KernelRecord::tsNs));
        return out;
    }

    @Test
    void familiesCaptureMatchesTheWorkloadsOwnRecordOfItsSyscalls() throws Exception {
        List<String> exp = Files.readAllLines(Captures.path("families.exp"), StandardCharsets.UTF_8);
        int pid = Integer.parseInt(exp.get(0).split(" ")[1]);
        int forkChild = Integer.parseInt(exp.get(1).split(" ")[1]);
        int execChild = Integer.parseInt(exp.get(2).split(" ")[1]);
        List<String> expected = new ArrayList<>();
        for (String l : exp) {
            if (l.startsWith("sys ")) {
                expected.add(l.substring(4));
            }
        }
        List<KernelRecord> recs = decodeAll("families.bin");
        List<String> actual = new ArrayList<>();
        for (KernelRecord r : recs) {
            if (r.tgid() == pid && r.isSyscall() && (r.flags() & Abi.RF_ENTER) == 0) {
                actual.add(r.sysid() + " " + r.ret());
            }
        }
        int at = Collections.indexOfSubList(actual, expected);
        assertTrue(at >= 0, "the workload's " + expected.size() + " syscalls are not a contiguous run of the capture's "
                + actual.size() + " exit records of pid " + pid + ":\n" + actual);
        // every family the module captures is present, and every sysid is one the ABI names
        for (KernelRecord r : recs) {
            if (r.isSyscall()) {
                assertTrue(Syscalls.known(r.sysid()), "sysid " + r.sysid());
                assertEquals(Syscalls.family(r.sysid()), r.family(), Syscalls.name(r.sysid()));
            }
        }
        KernelRecord fork = recs.stream().filter(r -> r.type() == Abi.REC_PROC_FORK && r.childTgid() == forkChild)
                .findFirst().orElse(null);
        assertNotNull(fork, "fork of " + forkChild);
        assertEquals(pid, fork.tgid());
        KernelRecord exec = recs.stream().filter(r -> r.type() == Abi.REC_EXEC && r.tgid() == execChild)
                .findFirst().orElseThrow();
        assertEquals(List.of("yalas-workload", "exec-child", "arg1", "arg two"), exec.argv());
        KernelRecord pexec = recs.stream().filter(r -> r.type() == Abi.REC_PROC_EXEC && r.tgid() == execChild)
                .findFirst().orElseThrow();
        assertEquals("/bin/yalas-workload", pexec.path());
        assertTrue(recs.stream().anyMatch(r -> r.type() == Abi.REC_PROC_EXIT && r.tgid() == forkChild && r.groupDead()));
        KernelRecord connect = recs.stream().filter(r -> r.tgid() == pid && r.sysid() == Syscalls.CONNECT
                && r.sockFamily() == Abi.AF_INET).findFirst().orElseThrow();
        assertEquals("127.0.0.1", connect.sockAddr());
        assertEquals(40001, connect.sockPort());
        KernelRecord rename = recs.stream().filter(r -> r.sysid() == Syscalls.RENAME).findFirst().orElseThrow();
        assertEquals("/tmp/fam/f3", rename.path());
        assertEquals("/tmp/fam/f4", rename.path2());
        assertTrue(recs.stream().anyMatch(r -> r.sysid() == Syscalls.BIND && "@yalas-abstract".equals(r.sockAddr())));
    }

    @Test
    void abi11ProcExecArgvPartIsDecodedAndA10RecordHasNone() throws Exception {
        byte[] file = Files.readAllBytes(Captures.path("families.bin"));
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(file).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int off = Abi.CAP_HDR_SIZE;
        while (b.getShort(off + Abi.HDR_TYPE) != Abi.REC_PROC_EXEC) {
            off += b.getInt(off + Abi.HDR_RSIZE);
        }
        int fl = Short.toUnsignedInt(b.getShort(off + Abi.HDR_SIZE + Abi.PEXEC_FILENAME_LEN));
        int il = Short.toUnsignedInt(b.getShort(off + Abi.HDR_SIZE + Abi.PEXEC_INTERP_LEN));
        Decoder d = new Decoder(new DecodeCounters());
        assertNull(d.decode(b, off).argv(), "an ABI 1.0 record has no argv part");
        // the same record as a 1.1 module writes it: + pad to 8 + yalas_proc_exec_argv + argv
        byte[] argv = "/bin/sh\0-c\0echo hi\0".getBytes(StandardCharsets.UTF_8);
        int a = Abi.pexecArgvOffset(fl, il);
        int size = (a + Abi.PEXEC_ARGV_SIZE + argv.length + 7) & ~7;
        java.nio.ByteBuffer r = java.nio.ByteBuffer.allocate(size).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        r.put(0, file, off, Abi.HDR_SIZE + Abi.PEXEC_SIZE + fl + il);
        r.putInt(Abi.HDR_RSIZE, size);
        r.putInt(a + Abi.PEXEC_ARGV_ARGC, 3);
        r.putInt(a + Abi.PEXEC_ARGV_ARGC_TOTAL, 3);
        r.putShort(a + Abi.PEXEC_ARGV_ARGV_LEN, (short) argv.length);
        r.put(a + Abi.PEXEC_ARGV_SIZE, argv);
        KernelRecord k = d.decode(r, 0);
        assertEquals(List.of("/bin/sh", "-c", "echo hi"), k.argv());
        assertEquals(d.decode(b, off).path(), k.path());
        // an argv_len past the record is counted as malformed, not read
        r.putShort(a + Abi.PEXEC_ARGV_ARGV_LEN, (short) 4000);
        assertNull(d.decode(r, 0));
        assertEquals(1, d.counters().malformed.get());
    }

    @Test
    void busyCaptureHasTheDdLoopExactly() throws Exception {
        List<KernelRecord> recs = decodeAll("busy.bin");
        int dd = recs.stream().filter(r -> r.comm().equals("dd")).findFirst().orElseThrow().tgid();
        long reads = recs.stream().filter(r -> r.tgid() == dd && r.sysid() == Syscalls.READ && r.ret() == 512).count();
        long writes = recs.stream().filter(r -> r.tgid() == dd && r.sysid() == Syscalls.WRITE && r.ret() == 512).count();
        assertEquals(400, reads);
        assertEquals(400, writes);
        // per-CPU sequence numbers have no gaps: the module dropped nothing
        recs.stream().mapToInt(KernelRecord::cpu).distinct().forEach(cpu -> {
            long[] seqs = recs.stream().filter(r -> r.cpu() == cpu).mapToLong(KernelRecord::cpuSeq).sorted().toArray();
            for (int i = 1; i < seqs.length; i++) {
                assertEquals(seqs[i - 1] + 1, seqs[i], "seq gap on cpu " + cpu);
            }
        });
    }
}
