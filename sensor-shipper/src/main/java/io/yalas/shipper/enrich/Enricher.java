package io.yalas.shipper.enrich;

import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.decode.KernelRecord;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feeds the process and fd tables from each record and attaches what they know: the record's object
 * (path, peer), exe, container and, for security-relevant events, the ancestry.
 */
public final class Enricher {
    private static final int EINPROGRESS = 115;
    private static final long PROT_EXEC = 4;
    private static final int O_ACCMODE = 3;
    private static final int O_CREAT = 0100;
    private static final int O_TRUNC = 01000;
    private static final int MAX_PEERS = 65536;

    private final ProcessTable procs;
    private final FdTable fds;
    private final List<String> systemPaths;
    private final Map<Integer, List<String>> pendingArgv = new HashMap<>();
    /** (pid, peer) pairs already seen: only a process's first contact with a peer is security relevant. */
    private final LinkedHashMap<String, Boolean> peers = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_PEERS;
        }
    };

    public Enricher(ProcessTable procs, FdTable fds, List<String> systemPaths) {
        this.procs = procs;
        this.fds = fds;
        this.systemPaths = systemPaths;
    }

    /** Tables for a capture replay (no /proc) or a live host ({@code procRoot} = /proc). */
    public static Enricher create(int maxProcesses, int maxFds, Path procRoot, List<String> systemPaths) {
        return new Enricher(new ProcessTable(maxProcesses, procRoot), new FdTable(maxFds), systemPaths);
    }

    public ProcessTable processes() {
        return procs;
    }

    public FdTable fds() {
        return fds;
    }

    public Enriched enrich(KernelRecord r) {
        ProcessInfo p = procs.observe(r.tgid(), r.ppid(), r.uid(), r.comm(), r.cgroupId());
        String object = null;
        boolean security = false;
        List<String> argv = null;
        switch (r.type()) {
            case Abi.REC_PROC_FORK:
                procs.fork(r.tgid(), r.childTgid());
                fds.fork(r.tgid(), r.childTgid());
                security = true;
                break;
            case Abi.REC_PROC_EXEC: {
                // the new image's argv (ABI 1.1) is authoritative; else the argv seen at execve entry
                List<String> a = pendingArgv.remove(r.fd()); // fd carries old_pid: the thread that called execve
                if (r.argv() != null) {
                    a = r.argv();
                }
                if (a != null) {
                    procs.execArgs(r.tgid(), a);
                }
                procs.exec(r.tgid(), r.path());
                argv = p.argv;
                object = r.path();
                security = true;
                break;
            }
            case Abi.REC_PROC_EXIT:
                security = true;
                break;
            case Abi.REC_EXEC:
                pendingArgv.put(r.tid(), r.argv());
                argv = r.argv();
                object = r.path();
                security = true;
                break;
            default:
                object = syscall(r, p);
                security = securityRelevant(r, object);
        }
        Enriched e = new Enriched(r, object, p.exe, argv, p.containerId,
                security ? procs.ancestry(r.tgid()) : null, security);
        if (r.type() == Abi.REC_PROC_EXIT && r.groupDead()) {
            procs.exit(r.tgid());
            fds.exit(r.tgid());
            pendingArgv.remove(r.tid());
        }
        return e;
    }

    /** Updates the fd table and returns the object of a syscall record. */
    private String syscall(KernelRecord r, ProcessInfo p) {
        int pid = r.tgid();
        long ret = r.ret();
        switch (r.sysid()) {
            case Syscalls.OPEN:
            case Syscalls.OPENAT:
            case Syscalls.OPENAT2:
            case Syscalls.CREAT: {
                String path = resolve(pid, r.fd(), r.path());
                if (ret >= 0) {
                    fds.put(pid, (int) ret, path);
                }
                return path;
            }
            case Syscalls.SOCKET: {
                String o = "socket:" + familyName((int) r.arg(0));
                if (ret >= 0) {
                    fds.put(pid, (int) ret, o);
                }
                return o;
            }
            case Syscalls.CONNECT: {
                String peer = peer(r);
                if ((ret == 0 || ret == -EINPROGRESS) && peer != null) {
                    fds.put(pid, r.fd(), peer);
                }
                return peer != null ? peer : fdObject(pid, r.fd());
            }
            case Syscalls.ACCEPT:
            case Syscalls.ACCEPT4: {
                String peer = peer(r);
                if (ret >= 0) {
                    fds.put(pid, (int) ret, peer != null ? peer : "socket:accepted");
                }
                return peer != null ? peer : fdObject(pid, r.fd());
            }
            case Syscalls.DUP:
            case Syscalls.DUP2:
            case Syscalls.DUP3:
                if (ret >= 0) {
                    fds.dup(pid, (int) r.arg(0), (int) ret);
                }
                return fdObject(pid, (int) r.arg(0));
            case Syscalls.CLOSE: {
                int fd = (int) r.arg(0);
                String o = fdObject(pid, fd);
                if (ret == 0) {
                    fds.close(pid, fd);
                }
                return o;
            }
            default:
                break;
        }
        switch (r.type()) {
            case Abi.REC_FILE:
                return r.path() != null ? resolve(pid, r.fd(), r.path()) : fdObject(pid, r.fd());
            case Abi.REC_IO:
                return fdObject(pid, r.fd());
            case Abi.REC_NET: {
                String peer = peer(r);
                return peer != null ? peer : fdObject(pid, r.fd());
            }
            default:
                return null;
        }
    }

    private String fdObject(int pid, int fd) {
        String o = fds.get(pid, fd);
        return o != null ? o : "fd:" + fd;
    }

    /** Relative paths of *at calls are joined to their directory fd when the table knows it. */
    private String resolve(int pid, int dirfd, String path) {
        if (path == null || path.startsWith("/") || dirfd == Abi.AT_FDCWD || dirfd < 0) {
            return path;
        }
        String dir = fds.get(pid, dirfd);
        return dir != null && dir.startsWith("/") ? dir + "/" + path : path;
    }

    private static String peer(KernelRecord r) {
        if (r.sockAddr() == null) {
            return null;
        }
        if (r.sockFamily() == Abi.AF_INET) {
            return r.sockAddr() + ":" + r.sockPort();
        }
        if (r.sockFamily() == Abi.AF_INET6) {
            return "[" + r.sockAddr() + "]:" + r.sockPort();
        }
        return r.sockAddr();
    }

    public static String familyName(int af) {
        switch (af) {
            case Abi.AF_UNIX:
                return "AF_UNIX";
            case Abi.AF_INET:
                return "AF_INET";
            case Abi.AF_INET6:
                return "AF_INET6";
            case 16:
                return "AF_NETLINK";
            case 17:
                return "AF_PACKET";
            default:
                return "AF_" + af;
        }
    }

    private boolean securityRelevant(KernelRecord r, String object) {
        int sys = r.sysid();
        if (r.ret() == -1 || r.ret() == -13) {
            return true; // EPERM / EACCES: a denied attempt is always worth seeing
        }
        switch (Syscalls.family(sys)) {
            case Abi.FAM_PRIV:
                return sys != Syscalls.id("getcwd");
            case Abi.FAM_PROC:
                return true;
            default:
                break;
        }
        switch (sys) {
            case Syscalls.MMAP:
            case Syscalls.MPROTECT:
                return (r.arg(2) & PROT_EXEC) != 0;
            case Syscalls.MEMFD_CREATE:
                return true;
            case Syscalls.CONNECT:
            case Syscalls.ACCEPT:
            case Syscalls.ACCEPT4:
            case Syscalls.BIND:
            case Syscalls.LISTEN:
                return object != null && peers.put(r.tgid() + "|" + object, Boolean.TRUE) == null;
            case Syscalls.OPEN:
            case Syscalls.OPENAT:
            case Syscalls.OPENAT2:
            case Syscalls.CREAT:
                return writesFile(r) && systemPath(object);
            case Syscalls.RENAME: case Syscalls.RENAMEAT: case Syscalls.RENAMEAT2: case Syscalls.UNLINK:
            case Syscalls.UNLINKAT: case Syscalls.LINK: case Syscalls.LINKAT: case Syscalls.SYMLINK:
            case Syscalls.SYMLINKAT: case Syscalls.CHMOD: case Syscalls.FCHMOD: case Syscalls.FCHMODAT:
            case Syscalls.CHOWN: case Syscalls.LCHOWN: case Syscalls.FCHOWN: case Syscalls.FCHOWNAT:
            case Syscalls.TRUNCATE: case Syscalls.FTRUNCATE:
                return systemPath(object) || systemPath(r.path2());
            default:
                return Syscalls.isWrite(sys) && systemPath(object);
        }
    }

    private static boolean writesFile(KernelRecord r) {
        long f = r.sysid() == Syscalls.CREAT ? 1 : r.fileFlags();
        return (f & O_ACCMODE) != 0 || (f & (O_CREAT | O_TRUNC)) != 0;
    }

    private boolean systemPath(String path) {
        if (path == null) {
            return false;
        }
        for (String prefix : systemPaths) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
