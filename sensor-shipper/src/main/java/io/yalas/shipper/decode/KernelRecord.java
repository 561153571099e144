package io.yalas.shipper.decode;

import java.util.List;

/**
 * One decoded kernel record. Fields that a record type does not carry are 0 / null / -1 as noted.
 * Syscall records have {@code sysid > 0}; process records (fork/exec/exit tracepoints) have sysid 0.
 *
 * @param type       YALAS_REC_* type
 * @param flags      YALAS_RF_* flags
 * @param size       record size in bytes (as in the ring)
 * @param tsNs       CLOCK_BOOTTIME nanoseconds
 * @param cpuSeq     per-CPU sequence number of the module
 * @param ret        syscall return value (0 for process records)
 * @param args       the six raw syscall arguments, null for process records
 * @param latencyNs  syscall latency (ABI 1.2 trailer), or -1 when the record has none
 * @param fd         fd argument (file, io, net records) or -1
 * @param path       first path / filename / unix socket path, null when absent
 * @param path2      second path / interpreter, null when absent
 * @param fileFlags  open/AT flags of file records, exec flags, or -1
 * @param mode       create/chmod mode of file records, or -1
 * @param count      bytes requested (io, net), truncate length, or -1
 * @param fdType     YALAS_FD_* of io records, else 0
 * @param ioFlags    YALAS_IO_* of io records, else 0
 * @param sockFamily YALAS_AF_* of net records, else 0
 * @param sockAddr   peer/bound address literal (IPv4/IPv6) or unix path, null when none
 * @param sockPort   port of an inet address, else -1
 * @param argv       exec arguments, null when absent
 * @param ttyData    terminal payload, null when absent
 * @param childTgid  fork: the child's tgid, else -1
 * @param childTid   fork: the child's thread id, else -1
 * @param exitCode   exit: raw wait status, else 0
 * @param groupDead  exit: last thread of the group
 */
public record KernelRecord(int type, int flags, int size, long tsNs, long cpuSeq, int cpu, int tgid, int tid,
                           int ppid, int uid, int gid, int euid, int egid, long cgroupId, long mntnsId, String comm,
                           int sysid, int nr, int family, long ret, long[] args, long latencyNs,
                           int fd, String path, String path2, long fileFlags, long mode, long count,
                           int fdType, int ioFlags, int sockFamily, String sockAddr, int sockPort,
                           List<String> argv, byte[] ttyData,
                           int childTgid, int childTid, int exitCode, boolean groupDead) {

    public boolean isSyscall() {
        return sysid > 0;
    }

    public long arg(int i) {
        return args == null ? 0 : args[i];
    }
}
