package io.yalas.shipper.pipeline;

import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.enrich.Enriched;

import java.util.List;
import java.util.Set;

/**
 * Include/exclude rules on four dimensions. An event is dropped if any exclude rule matches it; for each
 * dimension with include rules, it must match one of them. Dimensions an event does not have (a path
 * for a fork, a container on the host) are not restricted by include rules, only by excludes.
 * Paths match by prefix ("/proc/" drops everything below /proc); processes match comm, exe or exe's
 * basename; containers match the id or any prefix of it (docker's 12-char short ids work).
 */
public record Filter(Set<String> includeSyscalls, Set<String> excludeSyscalls,
                     List<String> includePaths, List<String> excludePaths,
                     Set<String> includeProcesses, Set<String> excludeProcesses,
                     List<String> includeContainers, List<String> excludeContainers) {

    public static Filter none() {
        return new Filter(Set.of(), Set.of(), List.of(), List.of(), Set.of(), Set.of(), List.of(), List.of());
    }

    public boolean accept(Enriched e, String syscallName) {
        if (!includeSyscalls.isEmpty() && !includeSyscalls.contains(syscallName)) {
            return false;
        }
        if (excludeSyscalls.contains(syscallName)) {
            return false;
        }
        String path = e.r().path() != null ? e.r().path() : e.object();
        if (path != null && path.startsWith("/")) {
            if (!includePaths.isEmpty() && !prefixed(path, includePaths)) {
                return false;
            }
            if (prefixed(path, excludePaths)) {
                return false;
            }
        }
        if (!includeProcesses.isEmpty() || !excludeProcesses.isEmpty()) {
            String comm = e.r().comm();
            String exe = e.exe();
            String base = exe == null ? null : exe.substring(exe.lastIndexOf('/') + 1);
            boolean inc = includeProcesses.contains(comm) || (exe != null && (includeProcesses.contains(exe)
                    || includeProcesses.contains(base)));
            if (!includeProcesses.isEmpty() && !inc) {
                return false;
            }
            if (excludeProcesses.contains(comm) || (exe != null && (excludeProcesses.contains(exe)
                    || excludeProcesses.contains(base)))) {
                return false;
            }
        }
        String c = e.containerId();
        if (c != null) {
            if (!includeContainers.isEmpty() && !idMatch(c, includeContainers)) {
                return false;
            }
            return !idMatch(c, excludeContainers);
        }
        return true;
    }

    /** The syscall set names unknown to this build are rejected by the config parser with this check. */
    public static boolean knownSyscall(String name) {
        return Syscalls.id(name) > 0 || name.startsWith("sched_process_");
    }

    private static boolean prefixed(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean idMatch(String id, List<String> ids) {
        for (String p : ids) {
            if (id.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
