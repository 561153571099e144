package io.yalas.model.alphabet;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a call does, independent of which of its variants was used (open/openat/openat2 are all OPEN):
 * variants are an implementation detail of libc and differ between builds of the same application,
 * while the operation is its behaviour. The ordinal is part of the symbol, so only append.
 */
public enum Operation {
    OPEN, READ, WRITE, CLOSE, STAT, SEEK, DIR_CHANGE, METADATA_CHANGE, FD_CONTROL, POLL,
    MMAP, MPROTECT, MEMORY_OTHER, EXEC, FORK, EXIT, WAIT, SIGNAL,
    SOCKET, CONNECT, BIND_LISTEN, ACCEPT, SEND, RECV, SOCKET_OPTION,
    PIPE_IPC, SHARED_MEMORY, PRIVILEGE, INTROSPECTION, MODULE, TIME, TTY, OTHER;

    private static final Map<String, Operation> BY_SYSCALL = new HashMap<>();

    static {
        map(OPEN, "open", "openat", "openat2", "creat", "open_by_handle_at", "name_to_handle_at");
        map(READ, "read", "pread64", "readv", "preadv", "preadv2", "getdents", "getdents64", "readlink", "readlinkat");
        map(WRITE, "write", "pwrite64", "writev", "pwritev", "pwritev2", "sendfile", "splice", "copy_file_range", "tee",
                "fallocate", "truncate", "ftruncate", "fsync", "fdatasync");
        map(CLOSE, "close", "close_range");
        map(STAT, "stat", "lstat", "fstat", "newfstatat", "statx", "access", "faccessat", "faccessat2", "statfs", "fstatfs");
        map(SEEK, "lseek", "_llseek");
        map(DIR_CHANGE, "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat", "rename", "renameat", "renameat2", "link",
                "linkat", "symlink", "symlinkat", "mknod", "mknodat", "chdir", "fchdir", "chroot", "mount", "umount2", "pivot_root");
        map(METADATA_CHANGE, "chmod", "fchmod", "fchmodat", "chown", "fchown", "lchown", "fchownat", "utimensat",
                "utimes", "setxattr", "lsetxattr", "fsetxattr", "removexattr");
        map(FD_CONTROL, "dup", "dup2", "dup3", "fcntl", "ioctl", "flock", "eventfd", "eventfd2", "timerfd_create",
                "signalfd", "signalfd4", "inotify_init", "inotify_init1", "inotify_add_watch", "epoll_create", "epoll_create1", "epoll_ctl");
        map(POLL, "poll", "ppoll", "select", "pselect6", "epoll_wait", "epoll_pwait", "epoll_pwait2", "nanosleep",
                "clock_nanosleep", "futex", "sched_yield");
        map(MMAP, "mmap", "mmap2", "munmap", "mremap", "brk");
        map(MPROTECT, "mprotect", "pkey_mprotect");
        map(MEMORY_OTHER, "madvise", "mlock", "munlock", "mlockall", "msync", "mincore", "membarrier");
        map(EXEC, "execve", "execveat", "sched_process_exec");
        map(FORK, "fork", "vfork", "clone", "clone3", "sched_process_fork");
        map(EXIT, "exit", "exit_group", "sched_process_exit");
        map(WAIT, "wait4", "waitid");
        map(SIGNAL, "kill", "tkill", "tgkill", "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "pidfd_send_signal");
        map(SOCKET, "socket", "socketpair");
        map(CONNECT, "connect");
        map(BIND_LISTEN, "bind", "listen");
        map(ACCEPT, "accept", "accept4");
        map(SEND, "sendto", "sendmsg", "sendmmsg");
        map(RECV, "recvfrom", "recvmsg", "recvmmsg");
        map(SOCKET_OPTION, "setsockopt", "getsockopt", "getsockname", "getpeername", "shutdown");
        map(PIPE_IPC, "pipe", "pipe2", "msgget", "msgsnd", "msgrcv", "semget", "semop", "mq_open");
        map(SHARED_MEMORY, "shmget", "shmat", "shmdt", "shmctl", "memfd_create", "process_vm_readv", "process_vm_writev");
        map(PRIVILEGE, "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid",
                "setgroups", "capset", "prctl", "seccomp", "unshare", "setns", "keyctl", "add_key", "bpf");
        map(INTROSPECTION, "ptrace", "perf_event_open", "kcmp", "process_madvise");
        map(MODULE, "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load");
        map(TIME, "clock_gettime", "gettimeofday", "time", "times", "clock_settime", "settimeofday", "adjtimex");
        map(TTY, "tty_read", "tty_write");
    }

    private static void map(Operation op, String... syscalls) {
        for (String s : syscalls) {
            BY_SYSCALL.put(s, op);
        }
    }

    /** The operation of a syscall name; unknown names fall back on the sensor's family. */
    public static Operation of(String syscall, String family) {
        Operation op = syscall == null ? null : BY_SYSCALL.get(syscall.toLowerCase(Locale.ROOT));
        if (op != null) {
            return op;
        }
        if (family == null) {
            return OTHER;
        }
        return switch (family) {
            case "MEMORY" -> MEMORY_OTHER;
            case "IPC" -> PIPE_IPC;
            case "TTY" -> TTY;
            case "PRIVILEGE" -> PRIVILEGE;
            case "INTROSPECTION" -> INTROSPECTION;
            case "MODULE" -> MODULE;
            default -> OTHER;
        };
    }
}
