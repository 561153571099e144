package io.yalas.bench.detect;

import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A web server's request loop as events, for load: accept, read the request, open and read a page,
 * write the answer, close. The shapes match what the shipper publishes; the volume is what matters here.
 */
final class Traffic {
    static final String EXE = "/usr/sbin/httpd";
    private long seq;

    SyscallEvent.Builder event(int pid, long tsNs, String syscall, EventFamily family) {
        return SyscallEvent.newBuilder()
                .setHost("bench-" + (pid % 8)).setBootId("boot").setSeq(seq++).setRunId("bench")
                .setEventTime(Instant.ofEpochMilli(tsNs / 1_000_000)).setTsNs(tsNs).setLastTsNs(tsNs)
                .setCpu(pid % 2).setPid(pid).setTid(pid).setPpid(1).setUid(33).setGid(33).setEuid(33)
                .setComm("httpd").setExe(EXE).setCgroupId(1)
                .setSyscall(syscall).setSyscallNr(0).setFamily(family).setRet(0);
    }

    void request(int pid, long tsNs, int page, Consumer<SyscallEvent> out) {
        String path = "/var/www/p" + page + ".html";
        out.accept(event(pid, tsNs, "accept4", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("127.0.0.1").setSockPort(40000 + pid % 1000).setRet(5).build());
        out.accept(event(pid, tsNs + 1000, "recvfrom", EventFamily.NETWORK).setFd(5).setRet(120).setBytes(120).build());
        out.accept(event(pid, tsNs + 2000, "openat", EventFamily.FILE).setPath(path).setRet(6).build());
        out.accept(event(pid, tsNs + 3000, "read", EventFamily.FILE).setFd(6).setPath(path).setRet(512).setBytes(512).build());
        out.accept(event(pid, tsNs + 4000, "close", EventFamily.FILE).setFd(6).build());
        out.accept(event(pid, tsNs + 5000, "sendto", EventFamily.NETWORK).setFd(5).setRet(600).setBytes(600).build());
        out.accept(event(pid, tsNs + 6000, "close", EventFamily.FILE).setFd(5).build());
    }

    /** A command injection inside the server: shell, shadow file, outbound connection, payload, RWX page. */
    void attack(int pid, long tsNs, Consumer<SyscallEvent> out) {
        for (int i = 0; i < 6; i++) {
            long t = tsNs + i * 10_000L;
            out.accept(event(pid, t, "clone", EventFamily.PROCESS).setTargetPid(pid + 1).setRet(pid + 1).build());
            out.accept(event(pid, t + 1000, "openat", EventFamily.FILE).setPath("/etc/shadow").setRet(-13).setError("EACCES").build());
            out.accept(event(pid, t + 2000, "connect", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("203.0.113.9").setSockPort(4444).build());
            out.accept(event(pid, t + 3000, "openat", EventFamily.FILE).setPath("/tmp/.x").setFlags(0x241L).setRet(7).build());
            out.accept(event(pid, t + 4000, "write", EventFamily.FILE).setFd(7).setPath("/tmp/.x").setRet(4096).setBytes(4096).build());
            out.accept(event(pid, t + 5000, "mprotect", EventFamily.MEMORY).setMode(7L).build());
        }
    }
}
