package io.yalas.shipper;

import io.yalas.shipper.decode.DecodeCounters;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.decode.KernelRecord;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.pipeline.EventMapper;
import io.yalas.shipper.pipeline.EventSink;
import io.yalas.shipper.pipeline.Filter;
import io.yalas.shipper.pipeline.Pipeline;
import io.yalas.shipper.pipeline.PipelineCounters;
import io.yalas.shipper.source.CaptureFileSource;
import io.yalas.shipper.source.SourceCounters;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The capture files recorded with the real module (src/test/guest/record-captures.sh). */
public final class Captures {
    private Captures() {
    }

    public static Path path(String name) {
        try {
            return Path.of(Captures.class.getResource("/captures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A capture decoded record by record: the records the decoder could read, and every counter. */
    public record Decoded(List<KernelRecord> records, DecodeCounters decode, SourceCounters source, String error) {
    }

    public static Decoded decode(Path file) throws IOException {
        DecodeCounters dc = new DecodeCounters();
        Decoder d = new Decoder(dc);
        List<KernelRecord> out = new ArrayList<>();
        try (CaptureFileSource src = CaptureFileSource.open(file, false)) {
            while (src.poll((b, off) -> {
                KernelRecord r = d.decode(b, off);
                if (r != null) {
                    out.add(r);
                }
            }) >= 0) {
                // drain
            }
            return new Decoded(out, dc, src.counters(), src.error());
        }
    }

    /** {@code r} at another time, with other arguments and latency. */
    public static KernelRecord copy(KernelRecord r, long tsNs, long[] args, long latencyNs) {
        return new KernelRecord(r.type(), r.flags(), r.size(), tsNs, r.cpuSeq(), r.cpu(), r.tgid(), r.tid(), r.ppid(),
                r.uid(), r.gid(), r.euid(), r.egid(), r.cgroupId(), r.mntnsId(), r.comm(), r.sysid(), r.nr(),
                r.family(), r.ret(), args, latencyNs, r.fd(), r.path(), r.path2(), r.fileFlags(), r.mode(),
                r.count(), r.fdType(), r.ioFlags(), r.sockFamily(), r.sockAddr(), r.sockPort(), r.argv(), r.ttyData(),
                r.childTgid(), r.childTid(), r.exitCode(), r.groupDead());
    }

    /** Runs a whole capture through a pipeline with default settings into {@code sink}. */
    public static PipelineCounters run(Path file, EventSink sink, long coalesceWindowNs, Filter filter) throws IOException {
        return run(file, sink, coalesceWindowNs, filter, false);
    }

    /** Same, coalescing by process when {@code byProcess}. */
    public static PipelineCounters run(Path file, EventSink sink, long coalesceWindowNs, Filter filter,
                                       boolean byProcess) throws IOException {
        PipelineCounters pc = new PipelineCounters();
        try (CaptureFileSource src = CaptureFileSource.open(file, false)) {
            new Pipeline(src, new Decoder(new DecodeCounters()), Enricher.create(1000, 10000, null, List.of("/etc/", "/usr/", "/bin/")),
                    filter, new EventMapper("test", "boot", null, src.wallClockOffsetNs()), sink, pc,
                    src.nrCpus(), 65536, Long.MAX_VALUE, coalesceWindowNs, 65536, byProcess).run();
        }
        return pc;
    }
}
