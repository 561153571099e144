package io.yalas.shipper;

import io.yalas.schemas.HostStats;
import io.yalas.schemas.OAuthBearerAllowList;
import io.yalas.schemas.SyscallEvent;
import io.yalas.schemas.wire.AvroSerializer;
import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.decode.Decoder;
import io.yalas.shipper.enrich.Enricher;
import io.yalas.shipper.pipeline.EventMapper;
import io.yalas.shipper.pipeline.EventSink;
import io.yalas.shipper.pipeline.Pipeline;
import io.yalas.shipper.publish.KafkaDelivery;
import io.yalas.shipper.publish.SequenceState;
import io.yalas.shipper.publish.StatsReporter;
import io.yalas.shipper.publish.CompiledAvroWriter;
import io.yalas.shipper.spool.Spool;
import io.yalas.shipper.source.LiveSource;
import io.yalas.shipper.source.RecordSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shipper: a record source, the pipeline and Kafka delivery (or any other sink, e.g. dry run).
 * {@link #run()} blocks until the source ends or {@link #stop()}; {@link #close()} flushes everything
 * (to Kafka if reachable within the shutdown timeout, else to the spool).
 */
public final class Shipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final long IDLE_SLACK_NS = 10_000_000L;

    private final RecordSource source;
    private final ShipperCounters counters;
    private final Pipeline pipeline;
    private final EventSink sink;
    private final KafkaDelivery delivery;
    private final StatsReporter stats;
    private final ShipperMetrics metrics;
    private final Duration shutdownTimeout;

    private Shipper(RecordSource source, ShipperCounters counters, Pipeline pipeline, EventSink sink,
                    KafkaDelivery delivery, StatsReporter stats, ShipperMetrics metrics, Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
        this.source = source;
        this.counters = counters;
        this.pipeline = pipeline;
        this.sink = sink;
        this.delivery = delivery;
        this.stats = stats;
        this.metrics = metrics;
    }

    /** The producer settings of the issue: idempotent, acks=all, LZ4, batching tuned for throughput. */
    public static Map<String, Object> producerConfig(ShipperConfig cfg) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cfg.bootstrapServers);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // coalesced runs already leave up to a window (1 s) after their first record; holding batches another
        // half second lets LZ4 and the batch header cover more events: +15 % reduction on the busy-server
        // capture at its recorded speed (benchmarks/RESULTS.md), full-speed throughput not lowered
        p.put(ProducerConfig.LINGER_MS_CONFIG, 500);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 2 * cfg.maxInflightBytes));
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // never give up on a record once handed over: the spool logic relies on in-order eventual delivery
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        // a send must not block the pipeline (and so the kernel rings): refuse quickly and spool
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200);
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.putAll(cfg.kafka);
        // The shipper's file is the operator's own: the OAuth token endpoint it names may be used.
        OAuthBearerAllowList.allowNamedIn(cfg.kafka);
        return p;
    }

    /** A shipper delivering to Kafka through the spool in {@code cfg.spoolDir}. */
    public static Shipper toKafka(ShipperConfig cfg, RecordSource source, SchemaRegistryClient registry,
                                  String bootId) throws IOException {
        return toKafka(cfg, source, registry, bootId, new KafkaProducer<>(producerConfig(cfg)));
    }

    static Shipper toKafka(ShipperConfig cfg, RecordSource source, SchemaRegistryClient registry, String bootId,
                           Producer<byte[], byte[]> producer) throws IOException {
        String host = cfg.host != null ? cfg.host : source.hostname();
        ShipperCounters counters = ShipperCounters.create(source.counters());
        Spool spool = new Spool(cfg.spoolDir, cfg.spoolMaxBytes, cfg.spoolSegmentBytes, cfg.spoolFsyncIntervalMs);
        SequenceState seq = new SequenceState(cfg.spoolDir, bootId);
        StatsReporter stats = new StatsReporter(producer, cfg.statsTopic,
                new AvroSerializer<>(registry, AvroSerializer.valueSubject(cfg.statsTopic), HostStats.getClassSchema()),
                counters, spool, seq::peek, host, bootId, cfg.statsIntervalMs,
                source.watchedSyscalls().orElse(List.of()));
        KafkaDelivery delivery = new KafkaDelivery(producer, cfg.eventsTopic,
                new AvroSerializer<>(registry, AvroSerializer.valueSubject(cfg.eventsTopic), SyscallEvent.getClassSchema(),
                        CompiledAvroWriter.of(SyscallEvent.getClassSchema())),
                spool, seq, counters.delivery(), host, cfg.maxInflightBytes, cfg.stallMs, stats);
        ShipperMetrics metrics = ShipperMetrics.start(cfg.metricsListen, counters, spool, delivery);
        Pipeline pipeline = pipeline(cfg, source, counters, delivery, host, bootId);
        return new Shipper(source, counters, pipeline, delivery, delivery, stats, metrics,
                Duration.ofMillis(cfg.shutdownTimeoutMs));
    }

    /** A shipper writing to any sink (dry run, tests): no Kafka, no spool, no metrics endpoint. */
    public static Shipper toSink(ShipperConfig cfg, RecordSource source, EventSink sink, String bootId) {
        String host = cfg.host != null ? cfg.host : source.hostname();
        ShipperCounters counters = ShipperCounters.create(source.counters());
        return new Shipper(source, counters, pipeline(cfg, source, counters, sink, host, bootId), sink, null, null, null,
                Duration.ZERO);
    }

    private static Pipeline pipeline(ShipperConfig cfg, RecordSource source, ShipperCounters counters, EventSink sink,
                                     String host, String bootId) {
        Path procRoot = source instanceof LiveSource ? Path.of("/proc") : null;
        Enricher enricher = Enricher.create(cfg.maxProcesses, cfg.maxFds, procRoot, cfg.systemPaths);
        cfg.containersByCgroup.forEach(enricher.processes()::knowContainer);
        int seeded = enricher.processes().seedFromProc();
        if (seeded > 0) {
            LOG.info("process table seeded with {} processes from /proc", seeded);
        }
        Pipeline pipeline = new Pipeline(source, new Decoder(counters.decode()), enricher, cfg.filter(),
                new EventMapper(host, bootId, cfg.runId, source.wallClockOffsetNs()), sink, counters.pipeline(),
                source.nrCpus(), cfg.reorderCapacity, cfg.reorderWindowMs * 1_000_000L,
                cfg.coalesceWindowMs * 1_000_000L, cfg.coalesceMaxOpen, cfg.coalesceByProcess);
        if (source instanceof LiveSource) {
            // an empty ring has nothing older than "now" still to come, minus a slack for records being written
            ((LiveSource) source).setIdleListener((cpu, ts) -> pipeline.reorderer().idle(cpu, ts - IDLE_SLACK_NS));
        }
        return pipeline;
    }

    /** Runs until the source ends or {@link #stop()}. */
    public void run() throws IOException {
        pipeline.run();
        if (source.error() != null) {
            LOG.error("source ended early: {}", source.error());
        }
    }

    public void stop() {
        pipeline.stop();
    }

    public ShipperCounters counters() {
        return counters;
    }

    public ShipperReport report() {
        return ShipperReport.of(counters, source.error(), delivery != null);
    }

    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    @Override
    public void close() throws IOException {
        try {
            if (delivery != null) {
                delivery.shutdown(shutdownTimeout, stats::publishFinal);
            } else {
                sink.close();
            }
        } finally {
            if (metrics != null) {
                metrics.close();
            }
            source.close();
        }
    }
}
