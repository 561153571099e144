package io.yalas.model;

import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.alphabet.Operation;
import io.yalas.model.alphabet.OutcomeClassifier;
import io.yalas.model.alphabet.OutcomeClassifier.Outcome;
import io.yalas.model.alphabet.PathClassifier;
import io.yalas.model.alphabet.PathClassifier.PathClass;
import io.yalas.model.alphabet.SocketClassifier;
import io.yalas.model.alphabet.SocketClassifier.SocketClass;
import io.yalas.model.alphabet.TokenInput;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphabetTest {
    private static TokenInput open(String path, long ret, String error) {
        return new TokenInput("openat", 257, "FILE", path, null, null, null, ret, error, 0);
    }

    @Test
    void pathClassesUseLongestPrefixAtDirectoryBoundaries() {
        PathClassifier p = PathClassifier.DEFAULT;
        assertEquals(PathClass.SYSTEM_CONFIG, p.classify("/etc//localtime"));
        assertEquals(PathClass.BINARY, p.classify("/usr/lib/x86_64-linux-gnu/libc.so.6"));
        assertEquals(PathClass.PROC_SYS, p.classify("/proc/sys/net/core/somaxconn"));
        assertEquals(PathClass.HOME, p.classify("/home/arkady/hello.txt"));
        assertEquals(PathClass.TEMP, p.classify("/dev/shm/x"));
        assertEquals(PathClass.DEVICE, p.classify("/dev/null"));
        assertEquals(PathClass.OTHER, p.classify("/etcetera/file"));
        assertEquals(PathClass.OTHER, p.classify("relative/path"));
        assertEquals(PathClass.NONE, p.classify(null));
    }

    @Test
    void pathRulesAreConfigurable() {
        PathClassifier p = new PathClassifier(List.of(new PathClassifier.Rule("/srv/app", PathClass.BINARY)));
        assertEquals(PathClass.BINARY, p.classify("/srv/app/run.sh"));
        assertEquals(PathClass.OTHER, p.classify("/etc/passwd"));
    }

    @Test
    void socketClasses() {
        SocketClassifier s = SocketClassifier.DEFAULT;
        assertEquals(SocketClass.LOOPBACK_REGISTERED, s.classify("AF_INET", "127.0.0.1", 8080));
        assertEquals(SocketClass.REMOTE_WELL_KNOWN, s.classify("AF_INET6", "2001:db8::1", 443));
        assertEquals(SocketClass.REMOTE_EPHEMERAL, s.classify("AF_INET", "10.1.2.3", 40000));
        assertEquals(SocketClass.LOOPBACK_WELL_KNOWN, s.classify("AF_INET6", "::1", 22));
        assertEquals(SocketClass.UNIX, s.classify("AF_UNIX", "/run/x.sock", null));
        assertEquals(SocketClass.INET_NO_ADDRESS, s.classify("AF_INET", null, null));
        assertEquals(SocketClass.NONE, s.classify(null, null, null));
        assertEquals(SocketClass.REMOTE_REGISTERED, new SocketClassifier(100, 50000).classify("AF_INET", "8.8.8.8", 443));
        assertThrows(IllegalArgumentException.class, () -> new SocketClassifier(2000, 1000));
    }

    @Test
    void outcomeClasses() {
        OutcomeClassifier o = OutcomeClassifier.DEFAULT;
        assertEquals(Outcome.NOT_FOUND, o.classify("openat", -2, "ENOENT", 0));
        assertEquals(Outcome.DENIED, o.classify("openat", -13, "EACCES", 0));
        assertEquals(Outcome.ERROR, o.classify("openat", -9, null, 0));
        assertEquals(Outcome.ZERO_BYTES, o.classify("read", 0, null, 0));
        assertEquals(Outcome.SMALL, o.classify("read", 100, null, 100));
        assertEquals(Outcome.MEDIUM, o.classify("write", 4096, null, 4096));
        assertEquals(Outcome.LARGE, o.classify("sendto", 1 << 20, null, 1 << 20));
        assertEquals(Outcome.OK, o.classify("openat", 3, null, 0));
    }

    @Test
    void eventAlphabetSeparatesOperationObjectAndOutcome() {
        EventAlphabet a = EventAlphabet.DEFAULT;
        int etcOk = a.encode(open("/etc/passwd", 3, null));
        int etcDenied = a.encode(open("/etc/shadow", -13, "EACCES"));
        int homeOk = a.encode(open("/home/u/f", 3, null));
        int open2 = a.encode(new TokenInput("open", 2, "FILE", "/etc/hosts", null, null, null, 3, null, 0));
        assertNotEquals(etcOk, etcDenied);
        assertNotEquals(etcOk, homeOk);
        assertEquals(etcOk, open2, "open and openat are the same operation");
        assertTrue(a.describe(etcOk).contains("OPEN/SYSTEM_CONFIG/OK"), a.describe(etcOk));
        assertEquals(3, a.letters(etcDenied).length());
        int connect = a.encode(new TokenInput("connect", 42, "NETWORK", null, "AF_INET", "1.2.3.4", 443, 0, null, 0));
        assertTrue(a.describe(connect).contains("CONNECT/REMOTE_WELL_KNOWN"), a.describe(connect));
        assertEquals(Operation.MODULE, Operation.of("some_new_call", "MODULE"));
    }

    @Test
    void alphabetIdentityFollowsConfiguration() {
        EventAlphabet custom = new EventAlphabet(PathClassifier.DEFAULT, new SocketClassifier(1023, 49152), OutcomeClassifier.DEFAULT);
        assertEquals(EventAlphabet.DEFAULT.ref(), EventAlphabet.DEFAULT.ref());
        assertNotEquals(EventAlphabet.DEFAULT.ref().id(), custom.ref().id());
        assertEquals(EventAlphabet.VERSION, custom.ref().version());
        // Stable across JVMs: pinned, so an accidental change of the default rules is noticed.
        assertEquals("yalas-event-0dfd21c4", EventAlphabet.DEFAULT.ref().id());
    }

    @Test
    void integerAlphabetIsIdentity() {
        assertEquals(168, IntegerAlphabet.SYSCALL_NUMBERS.encode(TokenInput.ofNumber(168)));
        assertThrows(IllegalArgumentException.class, () -> IntegerAlphabet.SYSCALL_NUMBERS.encode(TokenInput.ofNumber(-1)));
    }
}
