package io.yalas.shipper.pipeline;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;
import io.yalas.shipper.decode.KernelRecord;
import io.yalas.shipper.enrich.Enriched;
import io.yalas.shipper.enrich.Enricher;

import java.nio.ByteBuffer;
import java.time.Instant;

/** Builds the Avro SyscallEvent of one event or of a coalesced run. */
public final class EventMapper {
    private final String host;
    private final String bootId;
    private final String runId;
    private final long wallOffsetNs;

    public EventMapper(String host, String bootId, String runId, long wallOffsetNs) {
        this.host = host;
        this.bootId = bootId;
        this.runId = runId;
        this.wallOffsetNs = wallOffsetNs;
    }

    /** The syscall column: the syscall name or the tracepoint name of process records. */
    public static String syscallName(KernelRecord r) {
        switch (r.type()) {
            case Abi.REC_PROC_FORK:
                return "sched_process_fork";
            case Abi.REC_PROC_EXEC:
                return "sched_process_exec";
            case Abi.REC_PROC_EXIT:
                return "sched_process_exit";
            default:
                return Syscalls.name(r.sysid());
        }
    }

    public SyscallEvent map(Enriched e, RunTotals totals) {
        KernelRecord r = e.r();
        long lastRet = totals.lastRet();
        SyscallEvent s = new SyscallEvent();
        long ts = r.tsNs() + wallOffsetNs;
        s.setHost(host);
        s.setBootId(bootId);
        s.setSeq(-1);
        s.setRunId(runId);
        s.setEventTime(Instant.ofEpochMilli(Math.floorDiv(ts, 1_000_000L)));
        s.setTsNs(ts);
        s.setLastTsNs(totals.lastTsNs() + wallOffsetNs);
        s.setCpu(r.cpu());
        s.setPid(r.tgid());
        s.setTid(r.tid());
        s.setPpid(r.ppid());
        s.setUid(r.uid());
        s.setGid(r.gid());
        s.setEuid(r.euid());
        s.setComm(r.comm());
        s.setExe(e.exe());
        s.setContainerId(e.containerId());
        s.setCgroupId(r.cgroupId());
        s.setMntnsId(r.mntnsId());
        s.setSyscall(syscallName(r));
        s.setSyscallNr(r.isSyscall() ? r.nr() : -1);
        s.setFamily(family(r));
        s.setRet(lastRet);
        s.setError(lastRet < 0 && r.isSyscall() ? Errno.name((int) -lastRet) : null);
        s.setCount(totals.count());
        s.setBytes(totals.bytes());
        s.setLatencyNs(totals.latencyMeanNs());
        s.setLatencyMinNs(totals.latencyMin());
        s.setLatencyMaxNs(totals.latencyMax());
        s.setTruncated((r.flags() & Abi.RF_TRUNC_ANY) != 0);
        s.setAncestry(e.ancestry());
        switch (r.type()) {
            case Abi.REC_PROC_FORK:
                s.setTargetPid(r.childTgid());
                break;
            case Abi.REC_PROC_EXEC:
                s.setPath(r.path());
                s.setPath2(r.path2());
                s.setArgv(e.argv());
                break;
            case Abi.REC_PROC_EXIT:
                s.setExitCode(r.exitCode());
                break;
            case Abi.REC_EXEC:
                s.setPath(r.path());
                s.setArgv(e.argv());
                s.setFlags(r.fileFlags());
                break;
            case Abi.REC_FILE:
                s.setPath(e.object());
                s.setPath2(r.path2());
                s.setFd(r.fd() == Abi.AT_FDCWD ? null : r.fd());
                s.setFlags(r.fileFlags());
                s.setMode(r.mode());
                break;
            case Abi.REC_IO:
                s.setFd(r.fd());
                s.setPath(e.object());
                if (r.ttyData() != null) {
                    s.setTtyData(ByteBuffer.wrap(r.ttyData()));
                }
                break;
            case Abi.REC_NET:
                s.setFd(r.fd());
                s.setPath(e.object());
                if (r.sockFamily() != 0) {
                    s.setSockFamily(Enricher.familyName(r.sockFamily()));
                    s.setSockAddr(r.sockAddr());
                    s.setSockPort(r.sockPort() >= 0 ? r.sockPort() : null);
                }
                s.setFlags(r.fileFlags() >= 0 ? r.fileFlags() : null);
                break;
            default:
                syscallArgs(r, e, s);
        }
        return s;
    }

    /** Plain syscall records: the arguments that mean something per call. */
    private static void syscallArgs(KernelRecord r, Enriched e, SyscallEvent s) {
        switch (r.sysid()) {
            case Syscalls.MMAP:
                s.setFlags(r.arg(3));
                s.setMode(r.arg(2));
                s.setFd((int) r.arg(4) >= 0 ? (int) r.arg(4) : null);
                break;
            case Syscalls.MPROTECT:
                s.setMode(r.arg(2));
                break;
            case Syscalls.CLOSE:
            case Syscalls.DUP:
            case Syscalls.DUP2:
            case Syscalls.DUP3:
                s.setFd((int) r.arg(0));
                s.setPath(e.object());
                break;
            case Syscalls.SOCKET:
                s.setSockFamily(Enricher.familyName((int) r.arg(0)));
                s.setFlags(r.arg(1));
                s.setFd(r.ret() >= 0 ? (int) r.ret() : null);
                break;
            case Syscalls.KILL:
            case Syscalls.TKILL:
                s.setTargetPid((int) r.arg(0));
                s.setFlags(r.arg(1));
                break;
            case Syscalls.TGKILL:
                s.setTargetPid((int) r.arg(0));
                s.setFlags(r.arg(2));
                break;
            case Syscalls.PTRACE:
                s.setTargetPid((int) r.arg(1));
                s.setFlags(r.arg(0));
                break;
            case Syscalls.PROCESS_VM_READV:
            case Syscalls.PROCESS_VM_WRITEV:
                s.setTargetPid((int) r.arg(0));
                break;
            case Syscalls.CLONE:
                s.setFlags(r.arg(0));
                s.setTargetPid(r.ret() > 0 ? (int) r.ret() : null);
                break;
            case Syscalls.FORK:
            case Syscalls.VFORK:
            case Syscalls.CLONE3:
                s.setTargetPid(r.ret() > 0 ? (int) r.ret() : null);
                break;
            default:
                if (r.sysid() >= Syscalls.SETUID && r.sysid() < Syscalls.SETUID + 8) {
                    s.setFlags(r.arg(0));
                }
        }
    }

    static EventFamily family(KernelRecord r) {
        if (r.type() == Abi.REC_IO && (r.ioFlags() & Abi.IO_TTY) != 0) {
            return EventFamily.TTY;
        }
        if (!r.isSyscall()) {
            return EventFamily.PROCESS;
        }
        String name = Syscalls.name(r.sysid());
        if (name.startsWith("ptrace") || name.startsWith("process_vm_")) {
            return EventFamily.INTROSPECTION;
        }
        if (name.endsWith("_module")) {
            return EventFamily.MODULE;
        }
        if (name.startsWith("shm")) {
            return EventFamily.IPC;
        }
        switch (r.family()) {
            case Abi.FAM_FILE:
                return EventFamily.FILE;
            case Abi.FAM_NET:
                return EventFamily.NETWORK;
            case Abi.FAM_MEM:
                return EventFamily.MEMORY;
            case Abi.FAM_PROC:
                return EventFamily.PROCESS;
            case Abi.FAM_PRIV:
                return EventFamily.PRIVILEGE;
            default:
                return EventFamily.OTHER;
        }
    }
}
