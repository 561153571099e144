package io.yalas.shipper.enrich;

import io.yalas.schemas.ProcessRef;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * pid (thread group) -> process facts, seeded from /proc at start (live only) and then fed by the
 * module's fork/exec/exit records. Bounded: entries leave on group exit, and past {@code maxEntries}
 * the oldest-inserted entry is evicted (a process that never exits visibly, e.g. lost records).
 */
public final class ProcessTable {
    private static final int MAX_ANCESTRY = 8;

    private final int maxEntries;
    private final Path procRoot;
    private final LinkedHashMap<Integer, ProcessInfo> table;
    /** cgroup v2 id -> container id: new processes in a known cgroup need no /proc read. */
    private final Map<Long, String> containerByCgroup = new HashMap<>();

    /** {@code procRoot}: /proc of the host the records come from, or null (capture replay elsewhere). */
    public ProcessTable(int maxEntries, Path procRoot) {
        this.maxEntries = maxEntries;
        this.procRoot = procRoot;
        this.table = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, ProcessInfo> eldest) {
                return size() > ProcessTable.this.maxEntries;
            }
        };
    }

    /** Reads every /proc/PID once. Unreadable entries (races with exits) are skipped. */
    public int seedFromProc() {
        if (procRoot == null) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(procRoot, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path dir : dirs) {
                ProcessInfo p = readProc(Integer.parseInt(dir.getFileName().toString()));
                if (p != null) {
                    table.put(p.pid, p);
                    n++;
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    private ProcessInfo readProc(int pid) {
        Path dir = procRoot.resolve(Integer.toString(pid));
        try {
            String status = Files.readString(dir.resolve("status"), StandardCharsets.UTF_8);
            ProcessInfo p = new ProcessInfo(pid, intField(status, "PPid:"));
            p.uid = intField(status, "Uid:");
            p.comm = stringField(status, "Name:");
            try {
                p.exe = Files.readSymbolicLink(dir.resolve("exe")).toString();
            } catch (IOException | UnsupportedOperationException e) {
                p.exe = null; // kernel threads and zombies have no exe
            }
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            p.argv = cmdline.length == 0 ? null : splitNul(cmdline);
            p.containerId = ContainerIds.fromCgroupFile(Files.readString(dir.resolve("cgroup"), StandardCharsets.UTF_8));
            return p;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> splitNul(byte[] b) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                out.add(new String(b, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(new String(b, start, b.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int intField(String status, String key) {
        String v = stringField(status, key);
        return v == null ? 0 : Integer.parseInt(v.split("\\s+")[0]);
    }

    private static String stringField(String status, String key) {
        int i = status.indexOf("\n" + key);
        int start = status.startsWith(key) ? key.length() : i < 0 ? -1 : i + 1 + key.length();
        if (start < 0) {
            return null;
        }
        int end = status.indexOf('\n', start);
        return status.substring(start, end < 0 ? status.length() : end).trim();
    }

    /**
     * The entry of {@code pid}, created from the record header if unknown (a process the /proc seed
     * missed, or one created while records were lost). /proc is deliberately not read here, on the
     * per-record path: reading /proc/PID/cmdline takes the target's mm lock and can stall the pipeline,
     * and every process started after the seed is learned from its fork and exec records anyway.
     */
    public ProcessInfo observe(int pid, int ppid, int uid, String comm, long cgroupId) {
        ProcessInfo p = table.get(pid);
        if (p == null) {
            p = new ProcessInfo(pid, ppid);
            p.uid = uid;
            table.put(pid, p);
        }
        p.comm = comm;
        if (ppid != 0) {
            p.ppid = ppid;
        }
        if (p.cgroupId != cgroupId) {
            p.cgroupId = cgroupId;
            String known = containerByCgroup.get(cgroupId);
            if (known != null) {
                p.containerId = known;
            } else if (p.containerId != null && cgroupId != 0) {
                containerByCgroup.put(cgroupId, p.containerId);
            }
        }
        return p;
    }

    /** Declares the container of a cgroup, for sources that cannot read /proc (capture replays). */
    public void knowContainer(long cgroupId, String containerId) {
        containerByCgroup.put(cgroupId, containerId);
    }

    /** sched_process_fork: the child starts as a copy of the parent (same exe, argv, container). */
    public void fork(int parentPid, int childPid) {
        if (parentPid == childPid) {
            return; // a new thread, not a new process
        }
        ProcessInfo parent = table.get(parentPid);
        ProcessInfo child = new ProcessInfo(childPid, parentPid);
        if (parent != null) {
            child.uid = parent.uid;
            child.comm = parent.comm;
            child.exe = parent.exe;
            child.argv = parent.argv;
            child.containerId = parent.containerId;
            child.cgroupId = parent.cgroupId;
        }
        table.put(childPid, child);
    }

    /** execve entry carries argv; sched_process_exec the resolved filename. */
    public void execArgs(int pid, List<String> argv) {
        ProcessInfo p = table.get(pid);
        if (p != null && argv != null) {
            p.argv = argv;
        }
    }

    public void exec(int pid, String filename) {
        ProcessInfo p = table.get(pid);
        if (p != null) {
            p.exe = filename;
        }
    }

    /** The group is dead: forget it (its fd table goes with it, see FdTable#exit). */
    public void exit(int pid) {
        table.remove(pid);
    }

    public ProcessInfo get(int pid) {
        return table.get(pid);
    }

    /** Parent chain, nearest first, as far as the table knows it (bounded: cycles cannot loop). */
    public List<ProcessRef> ancestry(int pid) {
        ProcessInfo p = table.get(pid);
        List<ProcessRef> out = new ArrayList<>(4);
        int guard = 0;
        while (p != null && p.ppid > 0 && guard++ < MAX_ANCESTRY) {
            ProcessInfo parent = table.get(p.ppid);
            out.add(new ProcessRef(p.ppid, parent == null ? null : parent.exe, parent == null ? null : parent.comm));
            p = parent;
        }
        return out;
    }
}
