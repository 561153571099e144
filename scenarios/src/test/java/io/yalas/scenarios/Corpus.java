package io.yalas.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.decode.DecodeCounters;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.decode.KernelRecord;
import io.yalas.shipper.source.CaptureFileSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The corpus directory, its manifest, and each recording read once with the shipper's capture reader. */
final class Corpus {
    static final Path DIR = Path.of(System.getProperty("basedir", "."), "corpus");
    private static final Map<String, Recording> CACHE = new ConcurrentHashMap<>();
    private static JsonNode manifest;

    private Corpus() {
    }

    static synchronized JsonNode manifest() {
        if (manifest == null) {
            try {
                manifest = new ObjectMapper().readTree(DIR.resolve("manifest.json").toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return manifest;
    }

    static List<JsonNode> runs() {
        List<JsonNode> out = new ArrayList<>();
        manifest().get("runs").forEach(out::add);
        return out;
    }

    /** Family name of a record, as the manifest counts them (process tracepoint records: "process"). */
    static String family(KernelRecord r) {
        if (!r.isSyscall()) {
            return "process";
        }
        return switch (r.family()) {
            case Abi.FAM_FILE -> "file";
            case Abi.FAM_NET -> "net";
            case Abi.FAM_MEM -> "mem";
            case Abi.FAM_PROC -> "proc";
            case Abi.FAM_PRIV -> "priv";
            default -> "other";
        };
    }

    /** A capture file read to its end. */
    record Recording(List<KernelRecord> records, String error, long malformed, long unknown, long lostBytes,
                     String kernel, String hostname, Map<String, Long> families) {
    }

    static Recording read(String file) {
        return CACHE.computeIfAbsent(file, f -> {
            try (CaptureFileSource src = CaptureFileSource.open(DIR.resolve(f), false)) {
                DecodeCounters dc = new DecodeCounters();
                Decoder dec = new Decoder(dc);
                List<KernelRecord> recs = new ArrayList<>();
                Map<String, Long> fam = new TreeMap<>();
                while (src.poll((buf, off) -> {
                    KernelRecord r = dec.decode(buf, off);
                    if (r != null) {
                        recs.add(r);
                        fam.merge(family(r), 1L, Long::sum);
                    }
                }) >= 0) {
                    // until the source ends
                }
                return new Recording(recs, src.error(), dc.malformed.get(), dc.unknownType.get(),
                        src.counters().lostBytes.get(), src.kernelRelease(), src.hostname(), fam);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static boolean exists(String file) {
        return Files.isRegularFile(DIR.resolve(file));
    }
}
