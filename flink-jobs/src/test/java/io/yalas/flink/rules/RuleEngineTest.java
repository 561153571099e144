package io.yalas.flink.rules;

import io.yalas.flink.TestEvents;
import io.yalas.schemas.EventFamily;
import io.yalas.schemas.SyscallEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleEngineTest {
    final TestEvents events = new TestEvents("h");

    static List<String> fired(List<SyscallEvent> stream) {
        RuleCounters counters = new RuleCounters();
        List<String> names = new ArrayList<>();
        stream.forEach(e -> RuleEngine.check(e, counters).forEach(h -> names.add(h.rule())));
        return names;
    }

    @Test
    void ordinaryServerTrafficFiresNothing() {
        List<SyscallEvent> stream = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            stream.addAll(events.request(10, "/usr/sbin/httpd", "/var/www/index.html"));
        }
        stream.add(events.event(10, "/usr/sbin/httpd", "mmap", EventFamily.MEMORY).setMode(5L).build());
        assertEquals(List.of(), fired(stream));
    }

    @Test
    void eachClassicStepFiresOnceWithItsTechnique() {
        String exe = "/usr/bin/python3";
        List<SyscallEvent> s = new ArrayList<>();
        s.add(events.event(20, exe, "ptrace", EventFamily.INTROSPECTION).setTargetPid(99).build());
        s.add(events.event(20, exe, "process_vm_readv", EventFamily.INTROSPECTION).setTargetPid(99).setRet(64).build());
        s.add(events.event(20, exe, "openat", EventFamily.FILE).setPath("/etc/shadow").setRet(3).build());
        s.add(events.event(20, exe, "openat", EventFamily.FILE).setPath("/etc/cron.d/job").setFlags(0x241L).setRet(4).build());
        s.add(events.event(20, exe, "finit_module", EventFamily.MODULE).setRet(-1).setError("EPERM").build());
        s.add(events.event(20, exe, "userfaultfd", EventFamily.MEMORY).setRet(5).build());
        for (int i = 0; i < 40; i++) {
            s.add(events.event(20, exe, "mmap", EventFamily.MEMORY).setMode(7L).build());
        }
        s.add(events.event(20, exe, "msgsnd", EventFamily.IPC).setCount(300).build());
        // The shipper coalesces a burst of datagrams to one peer: 30 of 90 bytes arrive as one event.
        s.add(events.event(20, exe, "sendto", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("198.51.100.1").setSockPort(53)
                .setRet(90).setCount(30).setBytes(2700).build());
        s.add(events.event(20, exe, "dup2", EventFamily.FILE).setSockFamily("AF_INET").setFd(3).setRet(0).build());
        s.add(events.event(20, "/bin/sh", "sched_process_exec", EventFamily.PROCESS).build());
        s.add(events.event(20, "/bin/sh", "getpid", EventFamily.OTHER).setEuid(0).build());
        List<String> names = fired(s);
        assertEquals(List.of("debugger", "credential-access", "system-file-write", "kernel-module-load", "exploit-staging",
                "memory-spray", "kernel-heap-spray", "dns-exfiltration", "reverse-shell", "privilege-escalation"), names);
        assertEquals(java.util.Set.copyOf(RuleEngine.RULES), java.util.Set.copyOf(names), "RULES lists every rule, the names exceptions use");
    }

    @Test
    void readingAConfigFileIsNotAWriteAndSelfPtraceIsNotADebugger() {
        List<SyscallEvent> s = List.of(
                events.event(30, "/bin/cat", "openat", EventFamily.FILE).setPath("/etc/cron.d/job").setFlags(0L).setRet(3).build(),
                events.event(30, "/bin/cat", "ptrace", EventFamily.INTROSPECTION).setTargetPid(30).build());
        assertTrue(fired(s).isEmpty(), fired(s).toString());
    }

    @Test
    void aDeniedCredentialProbeIsReportedAtLowerSeverity() {
        RuleCounters counters = new RuleCounters();
        var hits = RuleEngine.check(events.event(31, "/bin/sh", "openat", EventFamily.FILE).setPath("/etc/shadow")
                .setRet(-13).setError("EACCES").build(), counters);
        assertEquals(1, hits.size());
        assertEquals(io.yalas.schemas.Severity.MEDIUM, hits.get(0).severity());
        assertTrue(hits.get(0).summary().contains("tried to open /etc/shadow (EACCES)"));
    }

    @Test
    void ordinaryDnsLookupsAreNotATunnel() {
        List<SyscallEvent> s = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            s.add(events.event(40, "/usr/sbin/httpd", "sendto", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("127.0.0.53")
                    .setSockPort(53).setRet(40).setBytes(40).build());
        }
        assertTrue(fired(s).isEmpty(), "a hundred short lookups: " + fired(s));
        for (int i = 0; i < 200; i++) {
            s.add(events.event(40, "/usr/sbin/httpd", "sendto", EventFamily.NETWORK).setSockFamily("AF_INET").setSockAddr("127.0.0.53")
                    .setSockPort(53).setRet(40).setBytes(40).build());
        }
        assertEquals(List.of("dns-exfiltration"), fired(s), "three hundred lookups is a flood whatever their size");
    }
}
