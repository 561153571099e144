package io.yalas.flink.rules;

import io.yalas.flink.TestEvents;
import io.yalas.schemas.EventFamily;
import io.yalas.schemas.ProcessRef;
import io.yalas.schemas.Severity;
import io.yalas.schemas.SyscallEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleExceptionsTest {
    final TestEvents events = new TestEvents("h");
    static final String CONTAINER = "00265e74965b6e79938a494aa62a3cb3b6124afc2996d679ba10e83ba3270e30";

    static RuleHit hit(String rule) {
        return new RuleHit(rule, Severity.HIGH, "test", List.of());
    }

    SyscallEvent open(String exe, String path, String container) {
        return events.event(7, exe, "openat", EventFamily.FILE).setPath(path).setContainerId(container).build();
    }

    @Test
    void allowsMatchEveryConditionTheyGiveAndDisableMatchesAll() {
        RuleExceptions x = RuleExceptions.parse("exceptions.conf", List.of(
                "# the backup agent reads the shadow file by design",
                "allow credential-access exe=/usr/sbin/backupd",
                "allow system-file-write exe=/usr/sbin/logrotate path=/etc/cron.d/   # only its own cron file",
                "allow debugger comm=strace container=00265e74965b",
                "disable exploit-staging",
                ""));
        assertTrue(x.suppresses(hit("credential-access"), open("/usr/sbin/backupd", "/etc/shadow", null)));
        assertFalse(x.suppresses(hit("credential-access"), open("/usr/bin/cat", "/etc/shadow", null)), "another executable");
        assertFalse(x.suppresses(hit("system-file-write"), open("/usr/sbin/backupd", "/etc/cron.d/x", null)), "allowed for another rule");

        assertTrue(x.suppresses(hit("system-file-write"), open("/usr/sbin/logrotate", "/etc/cron.d/logrotate", null)));
        assertFalse(x.suppresses(hit("system-file-write"), open("/usr/sbin/logrotate", "/etc/sudoers", null)), "both conditions must hold");

        SyscallEvent strace = events.event(9, "/usr/bin/strace", "ptrace", EventFamily.INTROSPECTION).setContainerId(CONTAINER).build();
        assertTrue(x.suppresses(hit("debugger"), strace), "a container id prefix, as docker prints it");
        assertFalse(x.suppresses(hit("debugger"),
                events.event(9, "/usr/bin/strace", "ptrace", EventFamily.INTROSPECTION).setContainerId("ffff" + CONTAINER).build()));
        assertFalse(x.suppresses(hit("debugger"), events.event(9, "/usr/bin/strace", "ptrace", EventFamily.INTROSPECTION).build()),
                "not in a container");

        assertTrue(x.suppresses(hit("exploit-staging"), open("/tmp/.k", "/dev/null", null)));
        assertFalse(RuleExceptions.NONE.suppresses(hit("exploit-staging"), open("/tmp/.k", "/dev/null", null)));
    }

    @Test
    void uidParentAndAncestorMatchTheProcessAndTheChainBehindIt() {
        RuleExceptions x = RuleExceptions.parse("x", List.of(
                "allow credential-access uid=0 parent=/usr/sbin/cron",
                "allow debugger ancestor=gdbserver"));
        List<ProcessRef> fromCron = List.of(new ProcessRef(40, "/usr/sbin/cron", "cron"), new ProcessRef(1, "/sbin/init", "systemd"));
        assertTrue(x.suppresses(hit("credential-access"), events.event(7, "/usr/bin/cat", "openat", EventFamily.FILE).setUid(0)
                .setPath("/etc/shadow").setAncestry(fromCron).build()));
        assertFalse(x.suppresses(hit("credential-access"), events.event(7, "/usr/bin/cat", "openat", EventFamily.FILE).setUid(1000)
                .setPath("/etc/shadow").setAncestry(fromCron).build()), "another user");
        assertFalse(x.suppresses(hit("credential-access"), events.event(7, "/usr/bin/cat", "openat", EventFamily.FILE).setUid(0)
                .setPath("/etc/shadow").setAncestry(List.of(new ProcessRef(41, "/bin/sh", "sh"), fromCron.get(0))).build()),
                "cron is not the nearest parent");
        assertFalse(x.suppresses(hit("credential-access"), events.event(7, "/usr/bin/cat", "openat", EventFamily.FILE).setUid(0)
                .setPath("/etc/shadow").build()), "no ancestry recorded: the rule still fires");

        List<ProcessRef> underGdbserver = List.of(new ProcessRef(50, "/bin/sh", "sh"), new ProcessRef(49, "/usr/bin/gdbserver", "gdbserver"));
        assertTrue(x.suppresses(hit("debugger"), events.event(9, "/usr/bin/gdb", "ptrace", EventFamily.INTROSPECTION).setAncestry(underGdbserver).build()));
        assertFalse(x.suppresses(hit("debugger"), events.event(9, "/usr/bin/gdb", "ptrace", EventFamily.INTROSPECTION)
                .setAncestry(List.of(new ProcessRef(50, "/bin/sh", "sh"))).build()));
    }

    @Test
    void anAllowWithUntilEndsForEventsFromThatTimeOn() {
        RuleExceptions x = RuleExceptions.parse("x", List.of(
                "allow debugger comm=gdb until=2026-12-01T18:00:00Z",
                "allow credential-access exe=/usr/bin/cat until=2026-12-01"));
        SyscallEvent.Builder gdb = events.event(9, "/usr/bin/gdb", "ptrace", EventFamily.INTROSPECTION).setComm("gdb");
        assertTrue(x.suppresses(hit("debugger"), gdb.setEventTime(java.time.Instant.parse("2026-12-01T17:59:59.999Z")).build()));
        assertFalse(x.suppresses(hit("debugger"), gdb.setEventTime(java.time.Instant.parse("2026-12-01T18:00:00Z")).build()));
        SyscallEvent.Builder cat = events.event(7, "/usr/bin/cat", "openat", EventFamily.FILE).setPath("/etc/shadow");
        assertTrue(x.suppresses(hit("credential-access"), cat.setEventTime(java.time.Instant.parse("2026-11-30T23:59:59Z")).build()));
        assertFalse(x.suppresses(hit("credential-access"), cat.setEventTime(java.time.Instant.parse("2026-12-01T00:00:00Z")).build()),
                "a date is its midnight, UTC");
        assertEquals(List.of("credential-access"), x.expiredAt(java.time.Instant.parse("2026-12-01T12:00:00Z")).stream()
                .map(RuleExceptions.Allow::rule).toList());
    }

    @Test
    void aProfileConditionUsesTheModelsProfile() {
        RuleExceptions x = RuleExceptions.parse("x", List.of("allow credential-access profile=container:" + CONTAINER));
        assertTrue(x.suppresses(hit("credential-access"), open("/usr/bin/cat", "/etc/shadow", CONTAINER)));
        assertFalse(x.suppresses(hit("credential-access"), open("/usr/bin/cat", "/etc/shadow", null)));
    }

    @Test
    void everyMistakeNamesTheFileAndLine(@TempDir Path dir) {
        assertError("x.conf:2: unknown rule 'debuger' (rules: debugger, ", "# fine", "allow debuger comm=gdb");
        assertError("x.conf:1: unknown condition 'user' (conditions: exe, comm, container, profile, path, uid, parent, ancestor, until)", "allow debugger user=root");
        assertError("x.conf:1: 'allow debugger' needs at least one condition", "allow debugger");
        assertError("x.conf:1: condition 'exe' needs a value", "allow debugger exe=");
        assertError("x.conf:1: condition 'comm' needs a value", "allow debugger comm");
        assertError("x.conf:1: condition 'comm' given twice", "allow debugger comm=gdb comm=strace");
        assertError("x.conf:1: 'disable' takes no conditions", "disable debugger comm=gdb");
        assertError("x.conf:1: condition 'uid' needs a number, got 'root'", "allow debugger uid=root");
        assertError("x.conf:1: condition 'until' needs an instant (2026-12-01T18:00:00Z) or a date (2026-12-01, UTC), got 'tomorrow'",
                "allow debugger comm=gdb until=tomorrow");
        assertError("x.conf:1: expected 'disable RULE' or 'allow RULE KEY=VALUE ...', got 'ignore debugger'", "ignore debugger");
        assertError("x.conf:1: expected", "disable");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> RuleExceptions.readText(dir.resolve("none.conf")));
        assertTrue(missing.getMessage().contains("none.conf: cannot read rule exceptions"), missing.getMessage());
    }

    static void assertError(String expectedStart, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RuleExceptions.parse("x.conf", List.of(lines)));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
