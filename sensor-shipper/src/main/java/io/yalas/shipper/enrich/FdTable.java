package io.yalas.shipper.enrich;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * (pid, fd) -> what the fd refers to (a path, "socket:AF_INET", or a peer "10.0.0.1:443"), fed by
 * open/socket/connect/accept/dup/close so that reads and writes can name their object. Bounded: a
 * process's table goes on exit, and past {@code maxEntries} in total the oldest process table is dropped.
 */
public final class FdTable {
    private final int maxEntries;
    private final LinkedHashMap<Integer, Map<Integer, String>> byPid = new LinkedHashMap<>();
    private int entries;

    public FdTable(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    public String get(int pid, int fd) {
        Map<Integer, String> m = byPid.get(pid);
        return m == null ? null : m.get(fd);
    }

    public void put(int pid, int fd, String object) {
        Map<Integer, String> m = byPid.computeIfAbsent(pid, k -> new HashMap<>());
        if (m.put(fd, object) == null) {
            entries++;
            while (entries > maxEntries && byPid.size() > 1) {
                evictOldest(pid);
            }
        }
    }

    private void evictOldest(int keep) {
        for (var it = byPid.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey() != keep) {
                entries -= e.getValue().size();
                it.remove();
                return;
            }
        }
    }

    public void close(int pid, int fd) {
        Map<Integer, String> m = byPid.get(pid);
        if (m != null && m.remove(fd) != null) {
            entries--;
        }
    }

    public void dup(int pid, int oldFd, int newFd) {
        String o = get(pid, oldFd);
        if (o != null) {
            put(pid, newFd, o);
        } else {
            close(pid, newFd);
        }
    }

    /** fork without CLONE_FILES: the child starts with a copy. */
    public void fork(int parentPid, int childPid) {
        Map<Integer, String> m = byPid.get(parentPid);
        if (m != null && parentPid != childPid) {
            for (Map.Entry<Integer, String> e : m.entrySet()) {
                put(childPid, e.getKey(), e.getValue());
            }
        }
    }

    public void exit(int pid) {
        Map<Integer, String> m = byPid.remove(pid);
        if (m != null) {
            entries -= m.size();
        }
    }
}
