package io.yalas.bench.shipper;

import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.shipper.decode.DecodeCounters;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.pipeline.EventMapper;
import io.yalas.shipper.pipeline.EventSink;
import io.yalas.shipper.pipeline.Filter;
import io.yalas.shipper.pipeline.Pipeline;
import io.yalas.shipper.pipeline.PipelineCounters;
import io.yalas.shipper.publish.CompiledAvroWriter;
import org.apache.avro.Schema;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decode + reorder + enrich + filter + coalesce + Avro/Confluent serialize (the shipper's AvroSerializer with its CompiledAvroWriter), one thread, over the
 * records of a capture recorded with the real module (system property yalas.capture). Score: kernel
 * passes over the capture per second (ShipperFigures reports records per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
public class ShipperPipelineBenchmark {
    @Param({"1000"})
    public long coalesceWindowMs;

    private CaptureLoop loop;
    private Pipeline pipeline;
    private SerializingSink sink;

    static final class SerializingSink implements EventSink {
        final AvroSerializer<SyscallEvent> serializer;
        Blackhole bh;
        long events;
        long bytes;

        SerializingSink(AvroSerializer<SyscallEvent> serializer) {
            this.serializer = serializer;
        }

        @Override
        public void accept(SyscallEvent e) {
            e.setSeq(events++);
            byte[] b = serializer.serialize(e);
            bytes += b.length;
            bh.consume(b);
        }
    }

    static final class OneSchema implements SchemaRegistryClient {
        @Override
        public int register(String subject, Schema schema) {
            return 1;
        }

        @Override
        public Schema getById(int id) {
            return SyscallEvent.getClassSchema();
        }
    }

    @Setup(Level.Trial)
    public void setup() throws IOException {
        loop = new CaptureLoop(Path.of(System.getProperty("yalas.capture")));
        sink = new SerializingSink(new AvroSerializer<>(new OneSchema(), "yalas.events-value", SyscallEvent.getClassSchema(),
                CompiledAvroWriter.of(SyscallEvent.getClassSchema())));
        pipeline = new Pipeline(loop, new Decoder(new DecodeCounters()),
                Enricher.create(65536, 262144, null, List.of("/etc/", "/usr/", "/bin/")), Filter.none(),
                new EventMapper("bench", "boot", null, loop.wallClockOffsetNs()), sink, new PipelineCounters(),
                loop.nrCpus(), 65536, Long.MAX_VALUE, coalesceWindowMs * 1_000_000L, 65536, false);
    }

    /** One pass over the capture; ShipperFigures multiplies passes/s by the records of a pass. */
    @Benchmark
    public void pass(Blackhole bh) throws IOException {
        sink.bh = bh;
        loop.rewind();
        pipeline.run();
    }
}
