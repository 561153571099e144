package io.yalas.shipper.pipeline;

import io.yalas.schemas.SyscallEvent;
import io.yalas.shipper.Captures;
import io.yalas.shipper.ListSink;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.decode.KernelRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Coalescing on the real captures: counts and byte sums exact, security events untouched. */
class CoalescingTest {

    private static List<KernelRecord> records(String name) throws Exception {
        return Captures.decode(Captures.path(name)).records();
    }

    private static String key(int pid, String syscall) {
        return pid + "/" + syscall;
    }

    @Test
    void countsAndByteSumsAreExactPerProcessAndSyscall() throws Exception {
        exactCounts(false);
    }

    @Test
    void countsAndByteSumsAreExactWhenCoalescingByProcess() throws Exception {
        exactCounts(true);
    }

    private static void exactCounts(boolean byProcess) throws Exception {
        for (String capture : List.of("busy.bin", "families.bin")) {
            Map<String, long[]> kernel = new HashMap<>();
            for (KernelRecord r : records(capture)) {
                long[] v = kernel.computeIfAbsent(key(r.tgid(), EventMapper.syscallName(r)), k -> new long[2]);
                v[0]++;
                v[1] += Coalescer.bytesOf(r);
            }
            ListSink sink = new ListSink();
            PipelineCounters pc = Captures.run(Captures.path(capture), sink, 1_000_000_000L, Filter.none(), byProcess);
            Map<String, long[]> shipped = new HashMap<>();
            for (SyscallEvent e : sink.events) {
                long[] v = shipped.computeIfAbsent(key(e.getPid(), e.getSyscall()), k -> new long[2]);
                v[0] += e.getCount();
                v[1] += e.getBytes();
            }
            assertEquals(kernel.keySet(), shipped.keySet(), capture);
            kernel.forEach((k, v) -> assertEquals(List.of(v[0], v[1]), List.of(shipped.get(k)[0], shipped.get(k)[1]), capture + " " + k));
            assertEquals(pc.enriched.get(), pc.emitted.get() + pc.coalesced.get(), capture);
        }
    }

    @Test
    void theDdLoopBecomesTwoEvents() throws Exception {
        ListSink sink = new ListSink();
        PipelineCounters pc = Captures.run(Captures.path("busy.bin"), sink, 1_000_000_000L, Filter.none());
        List<SyscallEvent> dd = sink.events.stream().filter(e -> e.getComm().equals("dd")
                && (e.getSyscall().equals("read") || e.getSyscall().equals("write")) && e.getCount() > 1).toList();
        assertEquals(2, dd.size(), dd.toString());
        for (SyscallEvent e : dd) {
            assertEquals(400, e.getCount());
            assertEquals(400 * 512, e.getBytes());
            assertTrue(e.getLastTsNs() > e.getTsNs());
        }
        assertEquals("/dev/zero", dd.get(0).getPath());
        assertEquals("/tmp/busy.out", dd.get(1).getPath());
        assertTrue(pc.coalesced.get() >= 798);
    }

    @Test
    void securityRelevantEventsPassOneByOne() throws Exception {
        Set<String> security = Set.of("execve", "sched_process_exec", "sched_process_fork", "sched_process_exit",
                "setuid", "setgid", "setreuid", "setresuid", "capset", "ptrace", "process_vm_readv",
                "process_vm_writev", "init_module", "finit_module", "delete_module", "bpf", "mount", "unshare",
                "setns", "kill", "memfd_create", "clone", "clone3", "fork", "vfork");
        Map<String, Long> kernel = new HashMap<>();
        for (KernelRecord r : records("families.bin")) {
            String n = EventMapper.syscallName(r);
            if (security.contains(n)) {
                kernel.merge(n, 1L, Long::sum);
            }
        }
        ListSink sink = new ListSink();
        Captures.run(Captures.path("families.bin"), sink, 60_000_000_000L, Filter.none());
        Map<String, Long> shipped = new HashMap<>();
        for (SyscallEvent e : sink.events) {
            if (security.contains(e.getSyscall())) {
                assertEquals(1, e.getCount(), e.toString());
                shipped.merge(e.getSyscall(), 1L, Long::sum);
            }
        }
        assertEquals(kernel, shipped);
        assertTrue(kernel.size() >= 20, kernel.toString());
        // exec events carry the argv and the ancestry
        SyscallEvent exec = sink.events.stream().filter(e -> e.getSyscall().equals("sched_process_exec")
                && e.getArgv() != null && e.getArgv().contains("exec-child")).findFirst().orElseThrow();
        assertEquals("/bin/yalas-workload", exec.getPath());
        assertTrue(!exec.getAncestry().isEmpty());
        assertEquals("/bin/yalas-workload", exec.getAncestry().get(0).getExe());
    }

    @Test
    void execMappingsAndSystemPathWritesAreNeverFolded() throws Exception {
        KernelRecord base = records("families.bin").stream()
                .filter(r -> r.type() == Abi.REC_SYSCALL && r.sysid() == io.yalas.shipper.abi.Syscalls.MPROTECT)
                .findFirst().orElseThrow();
        List<Object[]> out = new ArrayList<>();
        Coalescer c = new Coalescer(1_000_000_000L, 100, false, (first, totals) -> out.add(new Object[]{first, totals.count()}));
        io.yalas.shipper.enrich.Enricher en = io.yalas.shipper.enrich.Enricher.create(100, 100, null, List.of("/etc/"));
        for (int i = 0; i < 5; i++) {
            long[] args = base.args().clone();
            args[2] = 5; // PROT_READ | PROT_EXEC
            c.offer(en.enrich(Captures.copy(base, base.tsNs() + i, args, base.latencyNs())));
        }
        for (int i = 0; i < 5; i++) {
            long[] args = base.args().clone();
            args[2] = 3; // PROT_READ | PROT_WRITE: coalescible
            c.offer(en.enrich(Captures.copy(base, base.tsNs() + 10 + i, args, base.latencyNs())));
        }
        c.flushAll();
        assertEquals(6, out.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(1, out.get(i)[1]);
        }
        assertEquals(5, out.get(5)[1]);
    }

    @Test
    void filterRulesDropWhatTheyName() throws Exception {
        ListSink sink = new ListSink();
        Filter f = new Filter(Set.of(), Set.of("read", "write"), List.of(), List.of("/tmp/fam/"), Set.of(), Set.of(),
                List.of(), List.of());
        PipelineCounters pc = Captures.run(Captures.path("families.bin"), sink, 0, f);
        assertTrue(pc.filtered.get() > 30);
        for (SyscallEvent e : sink.events) {
            assertTrue(!e.getSyscall().equals("read") && !e.getSyscall().equals("write"));
            assertTrue(e.getPath() == null || !e.getPath().startsWith("/tmp/fam/"), e.getPath());
        }
    }
}
