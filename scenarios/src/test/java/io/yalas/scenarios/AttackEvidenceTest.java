package io.yalas.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.decode.KernelRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each attack recording holds, inside its labelled [start, end] window and in the service's container
 * cgroup, the events its label names (decoded by the shipper, independently of the runner's check).
 */
class AttackEvidenceTest {
    private static final long CLONE_NEWUSER = 0x10000000L;
    private static final int PROT_WRITE = 2;
    private static final int PROT_EXEC = 4;

    static Stream<JsonNode> attacks() {
        return Corpus.runs().stream().filter(r -> r.get("kind").asText().equals("attack"));
    }

    static String sys(KernelRecord r) {
        return r.isSyscall() ? Syscalls.name(r.sysid()) : "";
    }

    static Predicate<KernelRecord> exec(String sub) {
        return r -> r.type() == Abi.REC_EXEC && ((r.path() != null && r.path().contains(sub))
                || (r.argv() != null && String.join(" ", r.argv()).contains(sub)));
    }

    static Predicate<KernelRecord> open(String prefix, boolean mustSucceed) {
        return r -> r.type() == Abi.REC_FILE && Set.of("open", "openat", "openat2", "creat").contains(sys(r))
                && r.path() != null && r.path().startsWith(prefix) && (r.ret() >= 0 || !mustSucceed);
    }

    static Predicate<KernelRecord> net(int port, String... calls) {
        Set<String> c = Set.of(calls);
        return r -> r.type() == Abi.REC_NET && r.sockPort() == port && c.contains(sys(r));
    }

    /** (what, predicate, minimum count) per attack. */
    record Need(String what, Predicate<KernelRecord> p, int min) {
    }

    static List<Need> needs(String attack, List<KernelRecord> all) {
        return switch (attack) {
            case "cmdinj-shadow" -> List.of(
                    new Need("the injected shell's execve", exec("cat /etc/shadow").and(exec("/bin/sh")), 1),
                    new Need("the /etc/shadow open", open("/etc/shadow", true), 1));
            case "webshell-cron" -> List.of(
                    new Need("a write open under /etc/cron.d", open("/etc/cron.d/", true).and(r -> (r.fileFlags() & 3) != 0), 1),
                    new Need("the payload download (connect :8081)", net(8081, "connect"), 1),
                    new Need("the payload's execve", exec("/tmp/.u"), 1));
            case "ptrace-debugger" -> List.of(
                    new Need("strace's execve", exec("strace"), 1),
                    new Need("PTRACE_ATTACH/SEIZE", r -> sys(r).equals("ptrace") && (r.arg(0) == 16 || r.arg(0) == 0x4206), 1),
                    new Need("process_vm_readv", r -> sys(r).equals("process_vm_readv") && r.ret() > 0, 1));
            case "memory-spray" -> List.of(
                    new Need("RWX mmaps", r -> sys(r).equals("mmap") && (r.arg(2) & (PROT_WRITE | PROT_EXEC)) == (PROT_WRITE | PROT_EXEC), 200),
                    new Need("mprotect to PROT_EXEC", r -> sys(r).equals("mprotect") && (r.arg(2) & PROT_EXEC) != 0, 50),
                    new Need("8 MiB anonymous sprays", r -> sys(r).equals("mmap") && r.arg(1) == 8L << 20, 8));
            case "kexploit-staging" -> List.of(
                    new Need("userfaultfd", r -> sys(r).equals("userfaultfd") && r.ret() >= 0, 1),
                    new Need("unshare(CLONE_NEWUSER)", r -> sys(r).equals("unshare") && (r.arg(0) & CLONE_NEWUSER) != 0, 1),
                    new Need("keyctl spray", r -> sys(r).equals("keyctl"), 32),
                    new Need("shmget spray", r -> sys(r).equals("shmget"), 16));
            case "dns-exfil" -> List.of(
                    new Need("datagrams to port 53", net(53, "sendto", "sendmsg", "sendmmsg"), 20));
            case "reverse-shell" -> List.of(
                    new Need("bash with /dev/tcp", exec("/dev/tcp/"), 1),
                    new Need("connect to the listener :4444", net(4444, "connect"), 1),
                    new Need("a command typed by the attacker", exec("cat /etc/passwd"), 1));
            case "tty-shell" -> List.of(
                    new Need("the pty.spawn one-liner", exec("pty.spawn"), 1),
                    new Need("connect to the listener :4445", net(4445, "connect"), 1),
                    new Need("terminal I/O with payload", r -> r.type() == Abi.REC_IO && (r.ioFlags() & Abi.IO_TTY) != 0
                            && r.ttyData() != null && r.ttyData().length > 0, 10),
                    new Need("a command typed at the pty", exec("cat notes/note-1.txt"), 1));
            case "rogue-module" -> {
                // the module's strings are not paged in when it execs the shell: the execve record's
                // filename/argv are empty (copy fault), the process-exec tracepoint record names /bin/sh
                Set<Integer> redis = all.stream().filter(r -> r.comm().equals("redis-server"))
                        .map(KernelRecord::tgid).collect(Collectors.toSet());
                yield List.of(
                        new Need("a shell exec'ed by redis-server", r -> r.type() == Abi.REC_PROC_EXEC
                                && "/bin/sh".equals(r.path()) && redis.contains(r.ppid()), 1),
                        new Need("the /etc/shadow open attempt", open("/etc/shadow", false), 1));
            }
            case "setuid-privesc" -> {
                Set<Integer> unpriv = all.stream().filter(exec("svc-diag").and(r -> r.uid() != 0))
                        .map(KernelRecord::tgid).collect(Collectors.toSet());
                yield List.of(
                        new Need("the setuid helper exec'ed by a non-root user", exec("svc-diag").and(r -> r.uid() != 0), 1),
                        new Need("setuid(0) succeeding in it", r -> sys(r).equals("setuid") && r.arg(0) == 0 && r.ret() == 0
                                && unpriv.contains(r.tgid()), 1),
                        new Need("the hijacked uptime", exec("/tmp/.p/uptime"), 1),
                        new Need("/etc/shadow opened as root", open("/etc/shadow", true).and(r -> r.euid() == 0), 1));
            }
            default -> throw new AssertionError("no evidence rules for attack " + attack);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void labelledEventsAreInTheWindow(JsonNode run) {
        JsonNode a = run.get("attack");
        long s = a.get("start_boot_ns").asLong();
        long e = a.get("end_boot_ns").asLong();
        long cg = CorpusParseTest.containerCgroup(run);
        List<KernelRecord> all = Corpus.read(run.get("file").asText()).records();
        List<KernelRecord> window = all.stream().filter(r -> r.cgroupId() == cg && r.tsNs() >= s && r.tsNs() <= e).toList();
        for (Need n : needs(a.get("name").asText(), all)) {
            long c = window.stream().filter(n.p()).count();
            assertTrue(c >= n.min(), run.get("run").asText() + ": " + n.what() + ": " + c + " < " + n.min());
        }
        int root = a.get("root_pid").asInt();
        assertTrue(window.stream().anyMatch(r -> (r.type() == Abi.REC_EXEC || r.type() == Abi.REC_PROC_EXEC) && r.tgid() == root),
                "the attacker's root process " + root + " execs in the window");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void benignRunsOfTheSameServiceHaveNoneOfTheAttackEvents(JsonNode attackRun) {
        String svc = attackRun.get("service").asText();
        String attack = attackRun.get("attack").get("name").asText();
        Map<String, Long> hits = new java.util.TreeMap<>();
        Corpus.runs().stream().filter(r -> r.get("service").asText().equals(svc) && !r.get("kind").asText().equals("attack"))
                .forEach(r -> {
                    List<KernelRecord> all = Corpus.read(r.get("file").asText()).records();
                    long cg = CorpusParseTest.containerCgroup(r);
                    List<KernelRecord> mine = all.stream().filter(x -> x.cgroupId() == cg).toList();
                    for (Need n : needs(attack, all)) {
                        long c = mine.stream().filter(n.p()).count();
                        if (c >= n.min()) {
                            hits.put(r.get("run").asText() + ": " + n.what(), c);
                        }
                    }
                });
        // a benign run may share single events (e.g. an mmap), never the whole signature
        long needsPerAttack = needs(attack, List.of()).size();
        hits.keySet().stream().collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf(':')), Collectors.counting()))
                .forEach((run, n) -> assertTrue(n < needsPerAttack, run + " matches the whole signature of " + attack + ": " + hits));
    }
}
