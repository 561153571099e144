package io.yalas.shipper.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/** The module's stable syscall ids (YALAS_SYSCALLS in yalas_abi.h): id -> name and family. */
public final class Syscalls {
    public record Sys(String name, int id, int family) {
    }

    private static final String[] NAMES = new String[Abi.SYS_MAX];
    private static final int[] FAMILIES = new int[Abi.SYS_MAX];
    private static final List<Sys> ALL = new ArrayList<>();

    static {
        Object[] t = {
                "open", 1, 1, "openat", 2, 1, "openat2", 3, 1, "creat", 4, 1, "read", 5, 1, "pread64", 6, 1,
                "readv", 7, 1, "write", 8, 1, "pwrite64", 9, 1, "writev", 10, 1, "pwritev", 11, 1, "rename", 12, 1,
                "renameat", 13, 1, "renameat2", 14, 1, "unlink", 15, 1, "unlinkat", 16, 1, "link", 17, 1,
                "linkat", 18, 1, "symlink", 19, 1, "symlinkat", 20, 1, "mkdir", 21, 1, "mkdirat", 22, 1,
                "rmdir", 23, 1, "chmod", 24, 1, "fchmod", 25, 1, "fchmodat", 26, 1, "chown", 27, 1, "lchown", 28, 1,
                "fchown", 29, 1, "fchownat", 30, 1, "truncate", 31, 1, "ftruncate", 32, 1, "close", 33, 1,
                "dup", 34, 1, "dup2", 35, 1, "dup3", 36, 1, "preadv", 37, 1, "preadv2", 38, 1, "pwritev2", 39, 1,
                "socket", 64, 2, "connect", 65, 2, "bind", 66, 2, "listen", 67, 2, "accept", 68, 2, "accept4", 69, 2,
                "sendto", 70, 2, "sendmsg", 71, 2, "sendmmsg", 72, 2, "recvfrom", 73, 2, "recvmsg", 74, 2,
                "recvmmsg", 75, 2, "shmget", 96, 3, "shmat", 97, 3, "shmdt", 98, 3, "shmctl", 99, 3, "mmap", 100, 3,
                "munmap", 101, 3, "mprotect", 102, 3, "memfd_create", 103, 3, "userfaultfd", 104, 3,
                "fork", 128, 4, "vfork", 129, 4, "clone", 130, 4, "clone3", 131, 4, "execve", 132, 4,
                "execveat", 133, 4, "exit", 134, 4, "exit_group", 135, 4, "setuid", 160, 5, "setgid", 161, 5,
                "setreuid", 162, 5, "setregid", 163, 5, "setresuid", 164, 5, "setresgid", 165, 5,
                "setfsuid", 166, 5, "setfsgid", 167, 5, "capset", 168, 5, "prctl", 169, 5, "ptrace", 170, 5,
                "process_vm_readv", 171, 5, "process_vm_writev", 172, 5, "init_module", 173, 5,
                "finit_module", 174, 5, "delete_module", 175, 5, "bpf", 176, 5, "keyctl", 177, 5, "unshare", 178, 5,
                "setns", 179, 5, "mount", 180, 5, "umount2", 181, 5, "kill", 182, 5, "tkill", 183, 5, "tgkill", 184, 5,
                "chdir", 185, 5, "fchdir", 186, 5, "getcwd", 187, 5,
        };
        for (int i = 0; i < t.length; i += 3) {
            Sys s = new Sys((String) t[i], (Integer) t[i + 1], (Integer) t[i + 2]);
            NAMES[s.id()] = s.name();
            FAMILIES[s.id()] = s.family();
            ALL.add(s);
        }
    }

    // ids used by the enrichment and the security classification
    public static final int OPEN = 1, OPENAT = 2, OPENAT2 = 3, CREAT = 4, READ = 5, WRITE = 8, PWRITE64 = 9,
            WRITEV = 10, PWRITEV = 11, RENAME = 12, RENAMEAT = 13, RENAMEAT2 = 14, UNLINK = 15, UNLINKAT = 16,
            LINK = 17, LINKAT = 18, SYMLINK = 19, SYMLINKAT = 20, CHMOD = 24, FCHMOD = 25, FCHMODAT = 26,
            CHOWN = 27, LCHOWN = 28, FCHOWN = 29, FCHOWNAT = 30, TRUNCATE = 31, FTRUNCATE = 32, CLOSE = 33,
            DUP = 34, DUP2 = 35, DUP3 = 36, PWRITEV2 = 39,
            SOCKET = 64, CONNECT = 65, BIND = 66, LISTEN = 67, ACCEPT = 68, ACCEPT4 = 69,
            MMAP = 100, MPROTECT = 102, MEMFD_CREATE = 103,
            FORK = 128, VFORK = 129, CLONE = 130, CLONE3 = 131, EXECVE = 132, EXECVEAT = 133, EXIT = 134,
            EXIT_GROUP = 135, SETUID = 160, SETNS = 179, KILL = 182, TKILL = 183, TGKILL = 184, PTRACE = 170,
            PROCESS_VM_READV = 171, PROCESS_VM_WRITEV = 172;

    private Syscalls() {
    }

    /** Name of {@code sysid}, or "sys_<id>" for an id this build does not know. */
    public static String name(int sysid) {
        String n = sysid >= 0 && sysid < NAMES.length ? NAMES[sysid] : null;
        return n != null ? n : "sys_" + sysid;
    }

    public static boolean known(int sysid) {
        return sysid >= 0 && sysid < NAMES.length && NAMES[sysid] != null;
    }

    /** The id of a syscall name, or -1. */
    public static int id(String name) {
        for (Sys s : ALL) {
            if (s.name().equals(name)) {
                return s.id();
            }
        }
        return -1;
    }

    public static int family(int sysid) {
        return sysid >= 0 && sysid < FAMILIES.length ? FAMILIES[sysid] : 0;
    }

    public static List<Sys> all() {
        return Collections.unmodifiableList(ALL);
    }

    /**
     * A decoded {@code struct yalas_sysmask}: {@code names} of the set ids this table knows (ascending by name),
     * {@code unknownIds} the set ids it does not know (a newer module's, or garbage), ascending.
     */
    public record Mask(List<String> names, List<Integer> unknownIds) {
    }

    /** Decodes the {@link Abi#SYSMASK_SIZE} bytes of a syscall mask at {@code offset} of {@code buf}. */
    public static Mask decodeMask(ByteBuffer buf, int offset) {
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        TreeSet<String> names = new TreeSet<>();
        List<Integer> unknown = new ArrayList<>();
        for (int id = 0; id < Abi.SYS_MAX; id++) {
            long word = b.getLong(offset + (id / 64) * 8);
            if ((word >>> (id % 64) & 1) != 0) {
                if (known(id)) {
                    names.add(NAMES[id]);
                } else {
                    unknown.add(id);
                }
            }
        }
        return new Mask(List.copyOf(names), List.copyOf(unknown));
    }

    /** Writes to a file: the byte-moving calls whose object is an fd. */
    public static boolean isWrite(int sysid) {
        return sysid == WRITE || sysid == PWRITE64 || sysid == WRITEV || sysid == PWRITEV || sysid == PWRITEV2;
    }
}
