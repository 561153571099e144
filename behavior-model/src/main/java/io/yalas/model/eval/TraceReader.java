package io.yalas.model.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads integer traces in ADFA-LD's format: one process per file, system-call numbers separated by
 * whitespace. Errors name the file and the offending token instead of failing somewhere downstream.
 */
public final class TraceReader {
    private TraceReader() {
    }

    /** One trace file. */
    public record Trace(Path file, int[] symbols) {
    }

    /** All regular files under {@code dir} (recursively), sorted by path so runs are reproducible. */
    public static List<Trace> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("not a directory: " + dir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        List<Trace> out = new ArrayList<>(files.size());
        for (Path f : files) {
            out.add(new Trace(f, readFile(f)));
        }
        return out;
    }

    /** Parses one file; an empty file is an empty trace. */
    public static int[] readFile(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return parse(text, file.toString());
    }

    static int[] parse(String text, String source) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] tokens = trimmed.split("\\s+");
        int[] out = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                out[i] = Integer.parseInt(tokens[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(source + ": token " + (i + 1) + " is not a system-call number: '"
                        + abbreviate(tokens[i]) + "'");
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException(source + ": token " + (i + 1) + " is negative: " + out[i]);
            }
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
