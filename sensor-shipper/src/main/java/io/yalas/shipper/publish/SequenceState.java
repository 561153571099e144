package io.yalas.shipper.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The per-host event sequence, gapless from 0 per boot_id, surviving shipper restarts.
 * The state file ({@code seq.state} in the spool directory) holds the boot id and a reserved upper
 * bound, written (and fsync'ed) before numbers up to it are handed out; a clean shutdown writes the
 * exact next number. After a crash numbering resumes at the reserved bound: a gap of at most
 * {@code RESERVE} numbers that consumers see as loss, but never a number used twice.
 */
public final class SequenceState {
    static final long RESERVE = 1_000_000;

    private final Path file;
    private final String bootId;
    private long next;
    private long reserved;

    public SequenceState(Path dir, String bootId) {
        this.file = dir.resolve("seq.state");
        this.bootId = bootId;
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        if (bootId.equals(p.getProperty("boot_id"))) {
            boolean clean = Boolean.parseBoolean(p.getProperty("clean", "false"));
            next = Long.parseLong(p.getProperty(clean ? "next" : "reserved", "0"));
        }
        reserved = next;
        write(false);
    }

    public long next() {
        if (next >= reserved) {
            reserved = next + RESERVE;
            write(false);
        }
        return next++;
    }

    public long peek() {
        return next;
    }

    /** Clean shutdown: the exact next number, so a restart continues without a gap. */
    public void closeClean() {
        write(true);
    }

    private void write(boolean clean) {
        String text = "boot_id=" + bootId + "\nnext=" + next + "\nreserved=" + reserved + "\nclean=" + clean + "\n";
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling("seq.state.tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
