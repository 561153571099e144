package io.yalas.shipper.abi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary ABI of the YALAS kernel module (sensor-kmod/include/yalas_abi.h, ABI 1.2) as fixed byte
 * offsets. Every decoder reads through these constants only. {@link #layout()} lists every struct size,
 * field offset/size and constant the shipper relies on, in the form {@code make abi-layout} prints, so
 * AbiLayoutTest fails as soon as the header and this class disagree.
 */
public final class Abi {
    private Abi() {
    }

    public static final int ABI_VERSION_MAJOR = 1;
    /**
     * 1.1: PROC_EXEC records may carry the new image's argv; 1.2: syscall records may end with a latency
     * trailer ({@link #RF_LATENCY}). Both are decoded when present, so 1.0 and 1.1 captures still read.
     */
    public static final int ABI_VERSION_MINOR = 2;
    public static final int ABI_VERSION = (ABI_VERSION_MAJOR << 16) | ABI_VERSION_MINOR;
    public static final int MAGIC = 0x53414c59;
    public static final int MAX_RECORD = 16384;
    public static final int RECORD_ALIGN = 8;
    public static final int PATH_MAX = 4096;
    public static final int ARGV_MAX = 4096;
    public static final int SNAPLEN_MAX = 4096;
    public static final int SYS_MAX = 256;
    public static final int AT_FDCWD = -100;

    // record types
    public static final int REC_SYSCALL = 1;
    public static final int REC_FILE = 2;
    public static final int REC_IO = 3;
    public static final int REC_NET = 4;
    public static final int REC_EXEC = 5;
    public static final int REC_PROC_FORK = 16;
    public static final int REC_PROC_EXEC = 17;
    public static final int REC_PROC_EXIT = 18;

    // record flags
    public static final int RF_TRUNC_PATH = 0x1;
    public static final int RF_TRUNC_PATH2 = 0x2;
    public static final int RF_TRUNC_DATA = 0x4;
    public static final int RF_TRUNC_ARGV = 0x8;
    public static final int RF_COPY_FAULT = 0x10;
    public static final int RF_ENTER = 0x20;
    public static final int RF_ARGS_CLOBBERED = 0x40;
    public static final int RF_LATENCY = 0x80;
    public static final int RF_TRUNC_ANY = RF_TRUNC_PATH | RF_TRUNC_PATH2 | RF_TRUNC_DATA | RF_TRUNC_ARGV;

    // families
    public static final int FAM_NONE = 0;
    public static final int FAM_FILE = 1;
    public static final int FAM_NET = 2;
    public static final int FAM_MEM = 3;
    public static final int FAM_PROC = 4;
    public static final int FAM_PRIV = 5;

    public static final int FD_SOCK = 12;
    public static final int FD_REG = 8;
    public static final int IO_TTY = 0x1;
    public static final int IO_BADFD = 0x4;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;

    // struct yalas_rec_hdr
    public static final int HDR_SIZE = 88;
    public static final int HDR_TYPE = 0;
    public static final int HDR_FLAGS = 2;
    public static final int HDR_RSIZE = 4;
    public static final int HDR_TS_NS = 8;
    public static final int HDR_SEQ = 16;
    public static final int HDR_CPU = 24;
    public static final int HDR_TGID = 28;
    public static final int HDR_TID = 32;
    public static final int HDR_PPID = 36;
    public static final int HDR_UID = 40;
    public static final int HDR_GID = 44;
    public static final int HDR_EUID = 48;
    public static final int HDR_EGID = 52;
    public static final int HDR_CGROUP_ID = 56;
    public static final int HDR_MNTNS_ID = 64;
    public static final int HDR_COMM = 72;
    public static final int COMM_LEN = 16;

    // struct yalas_sys (relative)
    public static final int SYS_SIZE = 64;
    public static final int SYS_RET = 0;
    public static final int SYS_ARGS = 8;
    public static final int SYS_NR = 56;
    public static final int SYS_SYSID = 60;
    public static final int SYS_FAMILY = 62;

    // struct yalas_file (relative)
    public static final int FILE_SIZE = 40;
    public static final int FILE_DIRFD = 0;
    public static final int FILE_DIRFD2 = 4;
    public static final int FILE_FLAGS = 8;
    public static final int FILE_MODE = 12;
    public static final int FILE_UID = 16;
    public static final int FILE_GID = 20;
    public static final int FILE_LENGTH = 24;
    public static final int FILE_PATH_LEN = 32;
    public static final int FILE_PATH2_LEN = 34;

    // struct yalas_io (relative)
    public static final int IO_SIZE = 32;
    public static final int IO_FD = 0;
    public static final int IO_FD_TYPE = 4;
    public static final int IO_FLAGS = 6;
    public static final int IO_COUNT = 8;
    public static final int IO_OFFSET = 16;
    public static final int IO_DATA_LEN = 24;

    // struct yalas_net (relative)
    public static final int NET_SIZE = 56;
    public static final int NET_FD = 0;
    public static final int NET_ADDR_LEN = 4;
    public static final int NET_FAMILY = 8;
    public static final int NET_PORT = 10;
    public static final int NET_ADDR = 24;
    public static final int NET_COUNT = 40;
    public static final int NET_UNIX_PATH_LEN = 48;

    // struct yalas_exec (relative)
    public static final int EXEC_SIZE = 16;
    public static final int EXEC_DIRFD = 0;
    public static final int EXEC_FLAGS = 4;
    public static final int EXEC_ARGC = 8;
    public static final int EXEC_FILENAME_LEN = 12;
    public static final int EXEC_ARGV_LEN = 14;

    // struct yalas_proc_fork / proc_exec / proc_exit (relative)
    public static final int FORK_SIZE = 16;
    public static final int FORK_PARENT_TGID = 0;
    public static final int FORK_PARENT_PID = 4;
    public static final int FORK_CHILD_TGID = 8;
    public static final int FORK_CHILD_PID = 12;
    public static final int PEXEC_SIZE = 8;
    public static final int PEXEC_OLD_PID = 0;
    public static final int PEXEC_FILENAME_LEN = 4;
    public static final int PEXEC_INTERP_LEN = 6;
    // struct yalas_proc_exec_argv: at PEXEC_ARGV_OFFSET (after filename + interp, 8-aligned), ABI 1.1
    public static final int PEXEC_ARGV_SIZE = 16;
    public static final int PEXEC_ARGV_ARGC = 0;
    public static final int PEXEC_ARGV_ARGC_TOTAL = 4;
    public static final int PEXEC_ARGV_ARGV_LEN = 8;
    public static final int PEXIT_SIZE = 8;
    public static final int PEXIT_EXIT_CODE = 0;
    public static final int PEXIT_GROUP_DEAD = 4;

    // struct yalas_ring_ctrl
    public static final int RING_CTRL_SIZE = 192;
    public static final int RING_HEAD = 0;
    public static final int RING_TAIL = 64;
    public static final int RING_MAGIC = 128;
    public static final int RING_ABI_VERSION = 132;
    public static final int RING_CPU = 136;
    public static final int RING_DATA_SIZE = 144;
    public static final int RING_ATTEMPTED = 152;
    public static final int RING_WRITTEN = 160;
    public static final int RING_DROPPED = 168;
    public static final int RING_BAD_TAIL = 176;
    public static final int RING_HIGH_WATER = 184;

    // struct yalas_info
    public static final int INFO_SIZE = 48;
    public static final int INFO_MAGIC = 0;
    public static final int INFO_ABI_VERSION = 4;
    public static final int INFO_NR_CPUS = 8;
    public static final int INFO_PAGE_SIZE = 12;
    public static final int INFO_DATA_SIZE = 16;
    public static final int INFO_MMAP_STRIDE = 24;
    public static final int INFO_MAX_RECORD = 32;
    public static final int INFO_RUNNING = 40;

    // struct yalas_stats
    public static final int STATS_SIZE = 2176;
    public static final int STATS_PROBE_SYS_ENTER = 0;
    public static final int STATS_PROBE_SYS_EXIT = 8;
    public static final int STATS_PROBE_FORK = 16;
    public static final int STATS_PROBE_EXEC = 24;
    public static final int STATS_PROBE_EXIT = 32;
    public static final int STATS_FILTERED = 40;
    public static final int STATS_ATTEMPTED = 48;
    public static final int STATS_WRITTEN = 56;
    public static final int STATS_BYTES = 64;
    public static final int STATS_DROPPED_FULL = 72;
    public static final int STATS_DROPPED_BAD_TAIL = 80;
    public static final int STATS_COPY_FAULTS = 88;
    public static final int STATS_TRUNCATED = 96;

    // ioctls (x86_64 _IOR/_IO encodings, checked against the header's values)
    public static final long IOC_INFO = 2150652161L;
    public static final long IOC_START = 22786L;
    public static final long IOC_STOP = 22787L;
    public static final long IOC_GET_STATS = 2290112776L;
    public static final long IOC_FILTER = 1075337478L;
    public static final long IOC_GET_SYSMASK = 2149603589L;

    // struct yalas_sysmask: bit (sysid % 64) of little-endian u64 word (sysid / 64) set = watched
    public static final int SYSMASK_SIZE = 32;

    // struct yalas_filter_op
    public static final int FILTER_OP_SIZE = 24;
    public static final int FILTER_OP_OP = 0;
    public static final int FILTER_OP_KIND = 4;
    public static final int FILTER_OP_MODE = 8;
    public static final int FILTER_OP_VALUE = 16;
    public static final int FOP_ADD = 1;
    public static final int FILTER_TGID = 1;
    public static final int FILTER_EXCLUDE = 1;

    // struct yalas_capture_hdr
    public static final int CAPTURE_MAGIC = 0x43534c59;
    public static final int CAPTURE_VERSION = 1;
    public static final int CAP_HDR_SIZE = 256;
    public static final int CAP_MAGIC = 0;
    public static final int CAP_VERSION = 4;
    public static final int CAP_HDR_SIZE_FIELD = 6;
    public static final int CAP_ABI_VERSION = 8;
    public static final int CAP_NR_CPUS = 12;
    public static final int CAP_BOOT_NS = 16;
    public static final int CAP_REALTIME_NS = 24;
    public static final int CAP_DATA_SIZE = 32;
    public static final int CAP_SNAPLEN = 40;
    public static final int CAP_FLAGS = 44;
    public static final int CAP_HOSTNAME = 48;
    public static final int CAP_KERNEL = 112;
    public static final int CAP_NAME_LEN = 64;
    public static final int CAP_SYSMASK = 176;
    /** yalas_capture_hdr.flags: the sysmask field holds the mask the capture used (else unknown = all). */
    public static final int CAPF_SYSMASK = 1;

    /** YALAS_PEXEC_ARGV_OFFSET: record offset of struct yalas_proc_exec_argv in a PROC_EXEC record. */
    public static int pexecArgvOffset(int filenameLen, int interpLen) {
        return HDR_SIZE + PEXEC_SIZE + ((filenameLen + interpLen + 7) & ~7);
    }

    /** Start of the per-type part of a syscall record (types 1..5). */
    public static final int SYSCALL_BODY = HDR_SIZE + SYS_SIZE;

    // struct yalas_latency: the last bytes of a record flagged RF_LATENCY
    public static final int LATENCY_SIZE = 8;
    public static final int LATENCY_NS = 0;

    /**
     * The layout facts this class relies on, keyed as {@code make abi-layout} names them
     * ("struct NAME", "field STRUCT.FIELD", "const NAME"), valued as the printed numbers.
     */
    public static Map<String, List<Long>> layout() {
        Map<String, List<Long>> m = new TreeMap<>();
        struct(m, "yalas_rec_hdr", HDR_SIZE, "type", HDR_TYPE, 2, "flags", HDR_FLAGS, 2, "size", HDR_RSIZE, 4,
                "ts_ns", HDR_TS_NS, 8, "seq", HDR_SEQ, 8, "cpu", HDR_CPU, 4, "tgid", HDR_TGID, 4, "tid", HDR_TID, 4,
                "ppid", HDR_PPID, 4, "uid", HDR_UID, 4, "gid", HDR_GID, 4, "euid", HDR_EUID, 4, "egid", HDR_EGID, 4,
                "cgroup_id", HDR_CGROUP_ID, 8, "mntns_id", HDR_MNTNS_ID, 8, "comm", HDR_COMM, COMM_LEN);
        struct(m, "yalas_sys", SYS_SIZE, "ret", SYS_RET, 8, "args", SYS_ARGS, 48, "nr", SYS_NR, 4,
                "sysid", SYS_SYSID, 2, "family", SYS_FAMILY, 2);
        struct(m, "yalas_latency", LATENCY_SIZE, "ns", LATENCY_NS, 8);
        struct(m, "yalas_file", FILE_SIZE, "dirfd", FILE_DIRFD, 4, "dirfd2", FILE_DIRFD2, 4, "flags", FILE_FLAGS, 4,
                "mode", FILE_MODE, 4, "uid", FILE_UID, 4, "gid", FILE_GID, 4, "length", FILE_LENGTH, 8,
                "path_len", FILE_PATH_LEN, 2, "path2_len", FILE_PATH2_LEN, 2, "pad", 36, 4);
        struct(m, "yalas_io", IO_SIZE, "fd", IO_FD, 4, "fd_type", IO_FD_TYPE, 2, "io_flags", IO_FLAGS, 2,
                "count", IO_COUNT, 8, "offset", IO_OFFSET, 8, "data_len", IO_DATA_LEN, 4, "pad", 28, 4);
        struct(m, "yalas_net", NET_SIZE, "fd", NET_FD, 4, "addr_len", NET_ADDR_LEN, 4, "family", NET_FAMILY, 2,
                "port", NET_PORT, 2, "flowinfo", 12, 4, "scope_id", 16, 4, "msg_flags", 20, 4, "addr", NET_ADDR, 16,
                "count", NET_COUNT, 8, "unix_path_len", NET_UNIX_PATH_LEN, 2, "pad0", 50, 2, "pad1", 52, 4);
        struct(m, "yalas_exec", EXEC_SIZE, "dirfd", EXEC_DIRFD, 4, "flags", EXEC_FLAGS, 4, "argc", EXEC_ARGC, 4,
                "filename_len", EXEC_FILENAME_LEN, 2, "argv_len", EXEC_ARGV_LEN, 2);
        struct(m, "yalas_proc_fork", FORK_SIZE, "parent_tgid", FORK_PARENT_TGID, 4, "parent_pid", FORK_PARENT_PID, 4,
                "child_tgid", FORK_CHILD_TGID, 4, "child_pid", FORK_CHILD_PID, 4);
        struct(m, "yalas_proc_exec", PEXEC_SIZE, "old_pid", PEXEC_OLD_PID, 4, "filename_len", PEXEC_FILENAME_LEN, 2,
                "interp_len", PEXEC_INTERP_LEN, 2);
        struct(m, "yalas_proc_exec_argv", PEXEC_ARGV_SIZE, "argc", PEXEC_ARGV_ARGC, 4,
                "argc_total", PEXEC_ARGV_ARGC_TOTAL, 4, "argv_len", PEXEC_ARGV_ARGV_LEN, 2, "pad0", 10, 2, "pad1", 12, 4);
        struct(m, "yalas_proc_exit", PEXIT_SIZE, "exit_code", PEXIT_EXIT_CODE, 4, "group_dead", PEXIT_GROUP_DEAD, 4);
        struct(m, "yalas_ring_ctrl", RING_CTRL_SIZE, "head", RING_HEAD, 8, "tail", RING_TAIL, 8, "magic", RING_MAGIC, 4,
                "abi_version", RING_ABI_VERSION, 4, "cpu", RING_CPU, 4, "data_size", RING_DATA_SIZE, 8,
                "attempted", RING_ATTEMPTED, 8, "written", RING_WRITTEN, 8, "dropped", RING_DROPPED, 8,
                "bad_tail", RING_BAD_TAIL, 8, "high_water", RING_HIGH_WATER, 8);
        struct(m, "yalas_info", INFO_SIZE, "magic", INFO_MAGIC, 4, "abi_version", INFO_ABI_VERSION, 4,
                "nr_cpus", INFO_NR_CPUS, 4, "page_size", INFO_PAGE_SIZE, 4, "data_size", INFO_DATA_SIZE, 8,
                "mmap_stride", INFO_MMAP_STRIDE, 8, "max_record", INFO_MAX_RECORD, 4, "sys_max", 36, 4,
                "running", INFO_RUNNING, 4, "snaplen", 44, 4);
        struct(m, "yalas_filter_op", FILTER_OP_SIZE, "op", FILTER_OP_OP, 4, "kind", FILTER_OP_KIND, 4,
                "mode", FILTER_OP_MODE, 4, "pad", 12, 4, "value", FILTER_OP_VALUE, 8);
        m.put("struct yalas_stats", List.of((long) STATS_SIZE));
        field(m, "yalas_stats", "probe_sys_enter", STATS_PROBE_SYS_ENTER, 8);
        field(m, "yalas_stats", "probe_sys_exit", STATS_PROBE_SYS_EXIT, 8);
        field(m, "yalas_stats", "probe_fork", STATS_PROBE_FORK, 8);
        field(m, "yalas_stats", "probe_exec", STATS_PROBE_EXEC, 8);
        field(m, "yalas_stats", "probe_exit", STATS_PROBE_EXIT, 8);
        field(m, "yalas_stats", "filtered", STATS_FILTERED, 8);
        field(m, "yalas_stats", "attempted", STATS_ATTEMPTED, 8);
        field(m, "yalas_stats", "written", STATS_WRITTEN, 8);
        field(m, "yalas_stats", "bytes", STATS_BYTES, 8);
        field(m, "yalas_stats", "dropped_full", STATS_DROPPED_FULL, 8);
        field(m, "yalas_stats", "dropped_bad_tail", STATS_DROPPED_BAD_TAIL, 8);
        field(m, "yalas_stats", "copy_faults", STATS_COPY_FAULTS, 8);
        field(m, "yalas_stats", "truncated", STATS_TRUNCATED, 8);
        struct(m, "yalas_capture_hdr", CAP_HDR_SIZE, "magic", CAP_MAGIC, 4, "version", CAP_VERSION, 2,
                "hdr_size", CAP_HDR_SIZE_FIELD, 2, "abi_version", CAP_ABI_VERSION, 4, "nr_cpus", CAP_NR_CPUS, 4,
                "boot_ns", CAP_BOOT_NS, 8, "realtime_ns", CAP_REALTIME_NS, 8, "data_size", CAP_DATA_SIZE, 8,
                "snaplen", CAP_SNAPLEN, 4, "flags", CAP_FLAGS, 4, "hostname", CAP_HOSTNAME, CAP_NAME_LEN,
                "kernel", CAP_KERNEL, CAP_NAME_LEN, "sysmask", CAP_SYSMASK, SYSMASK_SIZE, "reserved", 208, 48);
        struct(m, "yalas_sysmask", SYSMASK_SIZE, "bits", 0, SYSMASK_SIZE);
        Object[] consts = {
                "YALAS_ABI_VERSION_MAJOR", ABI_VERSION_MAJOR, "YALAS_ABI_VERSION_MINOR", ABI_VERSION_MINOR,
                "YALAS_ABI_VERSION", ABI_VERSION, "YALAS_MAGIC", MAGIC, "YALAS_MAX_RECORD", MAX_RECORD,
                "YALAS_RECORD_ALIGN", RECORD_ALIGN, "YALAS_PATH_MAX", PATH_MAX, "YALAS_ARGV_MAX", ARGV_MAX,
                "YALAS_SNAPLEN_MAX", SNAPLEN_MAX, "YALAS_SYS_MAX", SYS_MAX, "YALAS_AT_FDCWD", AT_FDCWD,
                "YALAS_REC_SYSCALL", REC_SYSCALL, "YALAS_REC_FILE", REC_FILE, "YALAS_REC_IO", REC_IO,
                "YALAS_REC_NET", REC_NET, "YALAS_REC_EXEC", REC_EXEC, "YALAS_REC_PROC_FORK", REC_PROC_FORK,
                "YALAS_REC_PROC_EXEC", REC_PROC_EXEC, "YALAS_REC_PROC_EXIT", REC_PROC_EXIT,
                "YALAS_RF_TRUNC_PATH", RF_TRUNC_PATH, "YALAS_RF_TRUNC_PATH2", RF_TRUNC_PATH2,
                "YALAS_RF_TRUNC_DATA", RF_TRUNC_DATA, "YALAS_RF_TRUNC_ARGV", RF_TRUNC_ARGV,
                "YALAS_RF_COPY_FAULT", RF_COPY_FAULT, "YALAS_RF_ENTER", RF_ENTER,
                "YALAS_RF_ARGS_CLOBBERED", RF_ARGS_CLOBBERED, "YALAS_RF_LATENCY", RF_LATENCY,
                "YALAS_FAM_NONE", FAM_NONE, "YALAS_FAM_FILE", FAM_FILE, "YALAS_FAM_NET", FAM_NET,
                "YALAS_FAM_MEM", FAM_MEM, "YALAS_FAM_PROC", FAM_PROC, "YALAS_FAM_PRIV", FAM_PRIV,
                "YALAS_FD_SOCK", FD_SOCK, "YALAS_FD_REG", FD_REG, "YALAS_IO_TTY", IO_TTY, "YALAS_IO_BADFD", IO_BADFD,
                "YALAS_AF_UNIX", AF_UNIX, "YALAS_AF_INET", AF_INET, "YALAS_AF_INET6", AF_INET6,
                "YALAS_IOC_INFO", IOC_INFO, "YALAS_IOC_START", IOC_START, "YALAS_IOC_STOP", IOC_STOP,
                "YALAS_IOC_GET_STATS", IOC_GET_STATS, "YALAS_IOC_FILTER", IOC_FILTER,
                "YALAS_IOC_GET_SYSMASK", IOC_GET_SYSMASK, "YALAS_CAPF_SYSMASK", CAPF_SYSMASK,
                "YALAS_FOP_ADD", FOP_ADD, "YALAS_FILTER_TGID", FILTER_TGID, "YALAS_FILTER_EXCLUDE", FILTER_EXCLUDE,
                "YALAS_CAPTURE_MAGIC", CAPTURE_MAGIC, "YALAS_CAPTURE_VERSION", CAPTURE_VERSION,
        };
        for (int i = 0; i < consts.length; i += 2) {
            m.put("const " + consts[i], List.of(((Number) consts[i + 1]).longValue()));
        }
        for (Syscalls.Sys s : Syscalls.all()) {
            m.put("const YALAS_SYS_" + s.name(), List.of((long) s.id()));
            m.put("const YALAS_SYSFAM_" + s.name(), List.of((long) s.family()));
        }
        return m;
    }

    private static void struct(Map<String, List<Long>> m, String name, int size, Object... fields) {
        m.put("struct " + name, List.of((long) size));
        for (int i = 0; i < fields.length; i += 3) {
            field(m, name, (String) fields[i], (Integer) fields[i + 1], (Integer) fields[i + 2]);
        }
    }

    private static void field(Map<String, List<Long>> m, String struct, String name, int off, int size) {
        m.put("field " + struct + "." + name, List.of((long) off, (long) size));
    }

    /** Structs whose field list must match the header exactly (a new field there changes the decoder). */
    public static List<String> completeStructs() {
        return List.of("yalas_rec_hdr", "yalas_sys", "yalas_latency", "yalas_file", "yalas_io",
                "yalas_net", "yalas_exec", "yalas_proc_fork", "yalas_proc_exec", "yalas_proc_exec_argv", "yalas_proc_exit",
                "yalas_ring_ctrl", "yalas_info", "yalas_filter_op", "yalas_capture_hdr", "yalas_sysmask");
    }
}
