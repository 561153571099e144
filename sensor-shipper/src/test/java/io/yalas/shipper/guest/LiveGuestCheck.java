package io.yalas.shipper.guest;

import io.yalas.shipper.abi.Syscalls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks what the live source shipped in the guest (src/test/guest/live-test.sh runs it with the
 * output directory): exact per-process counts of the two 20000-call stress workloads (coalesced live),
 * every syscall the families workload made, the exec child's argv, no kernel drop, the module's syscall
 * mask read back by the live source (the default: every syscall of the table), and a syscall latency on
 * every stress event (ABI 1.2: all of them began after capture started).
 * Exits 0 when everything matches, 1 with the differences otherwise.
 */
public final class LiveGuestCheck {
    private static final int PID = 2;
    private static final int SYSCALL = 8;
    private static final int RET = 9;
    private static final int COUNT = 11;
    private static final int ARGV = 16;
    private static final int LATENCY = 19;

    private LiveGuestCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        List<String> problems = check(out);
        if (problems.isEmpty()) {
            System.out.println("LiveGuestCheck: PASS");
            return;
        }
        problems.forEach(p -> System.out.println("LiveGuestCheck: FAIL " + p));
        System.exit(1);
    }

    static List<String> check(Path out) throws IOException {
        List<String> problems = new ArrayList<>();
        String err = Files.readString(out.resolve("shipper.err"), StandardCharsets.UTF_8);
        if (!err.contains("kernel_drops=0 ")) {
            problems.add("kernel drops or no final report: " + err.lines().filter(l -> l.startsWith("shipped:")).toList());
        }
        // the live source read the module's mask back (GET_SYSMASK): the default, every syscall of the table
        String mask = "syscall mask: " + Syscalls.all().size() + " of " + Syscalls.all().size() + " syscalls watched";
        if (!err.contains(mask)) {
            problems.add("no '" + mask + "' in the shipper's log: "
                    + err.lines().filter(l -> l.contains("syscall mask") || l.contains("GET_SYSMASK")).toList());
        }
        List<String[]> events = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("events.tsv"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("#")) {
                events.add(line.split("\t", -1));
            }
        }
        String[] pids = Files.readString(out.resolve("stress.pids")).trim().split(" ");
        for (String pid : pids) {
            long n = 0;
            int rows = 0;
            int withoutLatency = 0;
            for (String[] e : events) {
                if (e[PID].equals(pid) && e[SYSCALL].equals("close") && e[RET].equals("-9")) {
                    n += Long.parseLong(e[COUNT]);
                    rows++;
                    withoutLatency += e[LATENCY].isEmpty() ? 1 : 0;
                }
            }
            if (withoutLatency > 0) {
                problems.add("stress pid " + pid + ": " + withoutLatency + " of " + rows + " events without a latency");
            }
            System.out.println("LiveGuestCheck: stress pid " + pid + ": " + n + " close(-1) calls in " + rows + " events");
            if (n != 20000) {
                problems.add("stress pid " + pid + ": " + n + " close calls shipped, 20000 made");
            }
        }
        List<String> exp = Files.readAllLines(out.resolve("families.exp"), StandardCharsets.UTF_8);
        String pid = exp.get(0).split(" ")[1];
        String execChild = exp.get(2).split(" ")[1];
        Map<String, Long> want = new HashMap<>();
        for (String l : exp) {
            if (l.startsWith("sys ")) {
                String[] f = l.split(" ");
                want.merge(Syscalls.name(Integer.parseInt(f[1])) + " " + f[2], 1L, Long::sum);
            }
        }
        Map<String, Long> got = new HashMap<>();
        for (String[] e : events) {
            boolean execEntry = e[SYSCALL].equals("execve") && !e[ARGV].isEmpty();
            if (e[PID].equals(pid) && !execEntry) {
                got.merge(e[SYSCALL] + " " + e[RET], Long.parseLong(e[COUNT]), Long::sum);
            }
        }
        want.forEach((k, n) -> {
            if (got.getOrDefault(k, 0L) < n) {
                problems.add("families pid " + pid + ": " + k + " made " + n + " times, shipped " + got.getOrDefault(k, 0L));
            }
        });
        System.out.println("LiveGuestCheck: families pid " + pid + ": " + want.values().stream().mapToLong(Long::longValue).sum()
                + " syscalls checked over " + want.size() + " (syscall, ret) kinds");
        boolean exec = events.stream().anyMatch(e -> e[PID].equals(execChild) && e[SYSCALL].equals("sched_process_exec")
                && e[ARGV].contains("\"exec-child\""));
        if (!exec) {
            problems.add("no sched_process_exec with argv for the exec child " + execChild);
        }
        return problems;
    }
}
