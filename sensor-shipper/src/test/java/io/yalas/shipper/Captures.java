package io.yalas.shipper;

import io.yalas.shipper.decode.DecodeCounters;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.pipeline.EventMapper;
import io.yalas.shipper.pipeline.EventSink;
import io.yalas.shipper.pipeline.Filter;
import io.yalas.shipper.pipeline.Pipeline;
import io.yalas.shipper.pipeline.PipelineCounters;
import io.yalas.shipper.source.CaptureFileSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
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
