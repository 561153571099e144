package io.yalas.model;

import io.yalas.model.alphabet.AlphabetConfig;
import io.yalas.model.alphabet.AlphabetRef;
import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.alphabet.IntegerAlphabet;
import io.yalas.model.alphabet.OutcomeClassifier.Outcome;
import io.yalas.model.alphabet.PathClassifier.PathClass;
import io.yalas.model.alphabet.SocketClassifier.SocketClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphabetConfigTest {
    static EventAlphabet parse(String... lines) {
        return AlphabetConfig.parse("alphabet.conf", List.of(lines));
    }

    static String error(String... lines) {
        return assertThrows(IllegalArgumentException.class, () -> parse(lines)).getMessage();
    }

    @Test
    void anEmptyFileIsTheDefaultAlphabet() {
        EventAlphabet a = parse("# nothing to change", "");
        assertEquals(EventAlphabet.DEFAULT, a);
        assertEquals(EventAlphabet.DEFAULT.ref().id(), a.ref().id());
    }

    @Test
    void pathRulesAddToOrReplaceTheBuiltInOnesAndNumbersSetTheBuckets() {
        EventAlphabet a = parse(
                "path /srv/app = BINARY   # the application's own code",
                "path /opt = other",
                "well-known-max = 2047",
                "ephemeral-min = 40000",
                "small-max = 100",
                "medium-max = 1000");
        assertEquals(PathClass.BINARY, a.paths().classify("/srv/app/bin/server"));
        assertEquals(PathClass.OTHER, a.paths().classify("/opt/vendor/lib.so"), "a built-in prefix's class is replaced");
        assertEquals(PathClass.SYSTEM_CONFIG, a.paths().classify("/etc/passwd"), "the other built-in rules stay");
        assertEquals(EventAlphabet.DEFAULT.paths().rules().size() + 1, a.paths().rules().size());
        assertEquals(SocketClass.REMOTE_WELL_KNOWN, a.sockets().classify("AF_INET", "10.0.0.1", 2000));
        assertEquals(SocketClass.REMOTE_REGISTERED, a.sockets().classify("AF_INET", "10.0.0.1", 39999));
        assertEquals(Outcome.MEDIUM, a.outcomes().classify("read", 500, null, 500));
        assertNotEquals(EventAlphabet.DEFAULT.ref().id(), a.ref().id(), "a different configuration is a different alphabet");
    }

    @Test
    void withoutDefaultPathsOnlyTheFilesRulesApply() {
        EventAlphabet a = parse("default-paths = false", "path /data = HOME");
        assertEquals(1, a.paths().rules().size());
        assertEquals(PathClass.OTHER, a.paths().classify("/etc/passwd"));
        assertEquals(PathClass.HOME, a.paths().classify("/data/x"));
    }

    @Test
    void theWrittenOutConfigurationRebuildsAnEqualAlphabet() {
        EventAlphabet a = parse("path /srv/app = BINARY", "path /opt = OTHER", "small-max = 64");
        AlphabetRef ref = a.ref();
        assertEquals(AlphabetConfig.format(a), ref.configuration());
        EventAlphabet rebuilt = EventAlphabet.of(ref);
        assertEquals(a, rebuilt);
        assertEquals(ref, rebuilt.ref());
        assertEquals(EventAlphabet.DEFAULT, EventAlphabet.of(EventAlphabet.DEFAULT.ref()));
    }

    @Test
    void aModelWithoutAStoredConfigurationOnlyRebuildsTheDefault() {
        AlphabetRef old = new AlphabetRef(EventAlphabet.DEFAULT.ref().id(), EventAlphabet.VERSION);
        assertEquals(EventAlphabet.DEFAULT, EventAlphabet.of(old), "models written before refs carried a configuration");
        AlphabetRef custom = new AlphabetRef(parse("path /srv = BINARY").ref().id(), EventAlphabet.VERSION);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventAlphabet.of(custom)).getMessage()
                .contains("custom configuration the model does not carry"));
    }

    @Test
    void aStoredConfigurationThatDoesNotMatchItsFingerprintIsRefused() {
        AlphabetRef ref = parse("path /srv = BINARY").ref();
        AlphabetRef edited = new AlphabetRef(ref.id(), ref.version(), ref.configuration().replace("BINARY", "HOME"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventAlphabet.of(edited)).getMessage().contains("corrupt or edited"));
        assertThrows(IllegalArgumentException.class, () -> EventAlphabet.of(IntegerAlphabet.SYSCALL_NUMBERS.ref()));
        assertThrows(IllegalArgumentException.class, () -> EventAlphabet.of(new AlphabetRef(ref.id(), 99, ref.configuration())));
    }

    @Test
    void badLinesAreErrorsNamingTheLine() {
        assertTrue(error("", "colour = blue").startsWith("alphabet.conf:2: unknown key 'colour'"));
        assertTrue(error("path /srv = SECRET").contains("unknown path class 'SECRET' (one of BINARY, DEVICE, HOME, OTHER, PROC_SYS, SYSTEM_CONFIG, TEMP)"));
        assertTrue(error("path /srv = NONE").contains("unknown path class 'NONE'"));
        assertTrue(error("path srv = HOME").contains(":1: a path prefix must be absolute"));
        assertTrue(error("path /srv = HOME", "path /srv = BINARY").contains(":2: path prefix '/srv' given twice"));
        assertTrue(error("small-max = 1", "small-max = 2").contains(":2: 'small-max' set twice"));
        assertTrue(error("small-max = lots").contains("small-max must be a non-negative integer, got 'lots'"));
        assertTrue(error("well-known-max = 70000").contains("up to 65536"));
        assertTrue(error("default-paths = maybe").contains("must be true or false"));
        assertTrue(error("just some words").contains(":1: expected 'key = value'"));
        assertTrue(error("well-known-max = 5000", "ephemeral-min = 4000").startsWith("alphabet.conf: need 0 <= wellKnownMax < ephemeralMin"));
    }

    @Test
    void aFileIsReadAndAMissingOneIsAClearError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("alphabet.conf");
        Files.writeString(f, "path /srv/app = BINARY\n");
        assertEquals(PathClass.BINARY, AlphabetConfig.read(f).paths().classify("/srv/app/x"));
        String missing = assertThrows(IllegalArgumentException.class, () -> AlphabetConfig.read(dir.resolve("nope.conf"))).getMessage();
        assertTrue(missing.contains("nope.conf: cannot read alphabet configuration"), missing);
    }
}
