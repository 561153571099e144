package io.yalas.flink;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds SyscallEvents for tests: one host, sequence numbers and timestamps assigned in order. */
public final class TestEvents {
    private long seq;
    private long tsNs = 1_700_000_000_000_000_000L;
    private final String host;

    public TestEvents(String host) {
        this.host = host;
    }

    public SyscallEvent.Builder event(int pid, String exe, String syscall, EventFamily family) {
        tsNs += 1_000_000;
        return SyscallEvent.newBuilder()
                .setHost(host).setBootId("boot-1").setSeq(seq++).setRunId("run")
                .setEventTime(Instant.ofEpochMilli(tsNs / 1_000_000)).setTsNs(tsNs).setLastTsNs(tsNs)
                .setCpu(0).setPid(pid).setTid(pid).setPpid(1).setUid(33).setGid(33).setEuid(33)
                .setComm(exe.substring(exe.lastIndexOf('/') + 1)).setExe(exe).setCgroupId(1)
                .setSyscall(syscall).setSyscallNr(0).setFamily(family).setRet(0);
    }

    /** One request of a small web server: accept, read the request, open a page, read it, write, close. */
    public List<SyscallEvent> request(int pid, String exe, String page) {
        List<SyscallEvent> out = new ArrayList<>();
        out.add(event(pid, exe, "accept4", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("127.0.0.1").setSockPort(40000).setRet(5).build());
        out.add(event(pid, exe, "recvfrom", EventFamily.NETWORK).setFd(5).setRet(120).setBytes(120).build());
        out.add(event(pid, exe, "openat", EventFamily.FILE).setPath(page).setRet(6).build());
        out.add(event(pid, exe, "read", EventFamily.FILE).setFd(6).setPath(page).setRet(512).setBytes(512).build());
        out.add(event(pid, exe, "close", EventFamily.FILE).setFd(6).build());
        out.add(event(pid, exe, "sendto", EventFamily.NETWORK).setFd(5).setRet(600).setBytes(600).build());
        out.add(event(pid, exe, "close", EventFamily.FILE).setFd(5).build());
        return out;
    }

    /** What a command injection does from inside the server: a shell, the shadow file, a download. */
    public List<SyscallEvent> attack(int pid, String exe) {
        List<SyscallEvent> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            out.add(event(pid, exe, "clone", EventFamily.PROCESS).setTargetPid(pid + 1).setRet(pid + 1).build());
            out.add(event(pid, exe, "openat", EventFamily.FILE).setPath("/etc/shadow").setRet(-13).setError("EACCES").build());
            out.add(event(pid, exe, "connect", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("203.0.113.9").setSockPort(4444).build());
            out.add(event(pid, exe, "openat", EventFamily.FILE).setPath("/tmp/.x").setFlags(0x241L).setRet(7).build());
            out.add(event(pid, exe, "write", EventFamily.FILE).setFd(7).setPath("/tmp/.x").setRet(4096).setBytes(4096).build());
            out.add(event(pid, exe, "mprotect", EventFamily.MEMORY).setMode(7L).build());
        }
        return out;
    }
}
