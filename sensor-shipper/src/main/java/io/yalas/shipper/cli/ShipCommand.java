package io.yalas.shipper.cli;

import io.yalas.schemas.wire.HttpSchemaRegistryClient;
import io.yalas.shipper.HostIdentity;
import io.yalas.shipper.Shipper;
import io.yalas.shipper.ShipperReport;
import io.yalas.shipper.config.ConfigException;
import io.yalas.shipper.config.ConfigParser;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.pipeline.TextEventSink;
import io.yalas.shipper.source.CaptureFileSource;
import io.yalas.shipper.source.LiveSource;
import io.yalas.shipper.source.RecordSource;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code yalas ship}: the per-host shipper (live rings or a capture file) to Kafka, or a dry run. */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = {"Ships kernel events to Kafka: reads /dev/yalas (--live) or a capture file (--capture), "
                + "enriches, filters and coalesces them, and publishes Avro SyscallEvents (Confluent wire format) "
                + "with a disk spool for Kafka outages. --dry-run prints the decoded events instead.",
                "Config file format: sensor-shipper/packaging/shipper.conf.example; flags override it."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the source ended with an error (corrupt capture, device)", "2:bad configuration"})
public final class ShipCommand implements Callable<Integer> {

    static final class SourceChoice {
        @Option(names = "--capture", paramLabel = "FILE", description = "Replay a capture file (plain or LZ4).")
        Path capture;

        @Option(names = "--live", description = "Read the live rings of the kernel module.")
        boolean live;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    SourceChoice source;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (key = value lines).")
    Path config;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL", description = "Confluent-compatible schema registry.")
    String schemaRegistry;

    @Option(names = "--dry-run", description = "Print the events tab-separated on stdout; no Kafka.")
    boolean dryRun;

    @Option(names = "--paced", description = "Replay a capture at its recorded speed (default: full speed).")
    boolean paced;

    @Option(names = "--spool-dir", paramLabel = "DIR", description = "Spool and sequence state directory.")
    Path spoolDir;

    @Option(names = "--host", description = "Host name on the events (default: capture's or this machine's).")
    String host;

    @Option(names = "--run-id", description = "run_id column of every event (e.g. a learning run label).")
    String runId;

    @Option(names = "--metrics-listen", paramLabel = "HOST:PORT|off", description = "Prometheus endpoint (default 127.0.0.1:9464).")
    String metricsListen;

    @Option(names = "--coalesce-window", paramLabel = "DURATION", description = "Coalescing window, e.g. 1s; 0 disables.")
    String coalesceWindow;

    @Option(names = "--coalesce-by", paramLabel = "thread|process", description = "Key coalescing runs by thread (default) or process.")
    String coalesceBy;

    @Option(names = "--device", paramLabel = "PATH", description = "Device of the module (default /dev/yalas).")
    Path device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintStream events = null;
        if (dryRun) {
            // the events own stdout; library chatter on System.out (log4j status lines) goes to stderr instead
            events = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false);
            System.setOut(System.err);
        }
        ShipperConfig cfg;
        try {
            cfg = config();
        } catch (ConfigException e) {
            err.println("yalas ship: " + e.getMessage());
            return 2;
        }
        RecordSource src;
        try {
            src = source.live ? LiveSource.open(cfg.device) : CaptureFileSource.open(source.capture, paced);
        } catch (IOException | UnsatisfiedLinkError e) {
            err.println("yalas ship: " + e.getMessage());
            return 1;
        }
        String bootId = source.live ? HostIdentity.bootId()
                : "capture:" + src.hostname() + ":" + src.wallClockOffsetNs();
        try {
            Shipper shipper = dryRun
                    ? Shipper.toSink(cfg, src, new TextEventSink(events), bootId)
                    : Shipper.toKafka(cfg, src, new HttpSchemaRegistryClient(cfg.registry()), bootId);
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                shipper.stop(); // SIGTERM/SIGINT: finish the batch, then close() flushes
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "yalas-ship-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            long t0 = System.nanoTime();
            try {
                try (shipper) {
                    shipper.run();
                }
                long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
                ShipperReport r = shipper.report();
                err.printf(Locale.ROOT, "shipped: records=%d record_bytes=%d events=%d kafka_bytes=%d filtered=%d "
                                + "coalesced=%d spool_full_drops=%d kernel_drops=%d reduction_ratio=%.1f elapsed_ms=%d "
                                + "peak_heap_mb=%.1f peak_rss_mb=%.1f cpu_ms=%d unknown_records=%d malformed_records=%d lost_bytes=%d%n",
                        r.records(), r.recordBytes(),
                        r.events(), r.kafkaBytes(), r.filtered(), r.coalesced(), r.spoolFullDrops(), r.kernelDrops(),
                        r.reductionRatio(), elapsedMs, ProcessMemory.peakHeapBytes() / 1048576.0,
                        ProcessMemory.peakRssBytes() / 1048576.0, ProcessMemory.cpuNanos() / 1_000_000,
                        shipper.counters().decode().unknownType.get(),
                        shipper.counters().decode().malformed.get(), shipper.counters().source().lostBytes.get());
                if (r.sourceError() != null) {
                    err.println("yalas ship: " + r.sourceError());
                    return 1;
                }
                return 0;
            } finally {
                err.flush();
                done.countDown(); // only now may a SIGTERM-initiated JVM exit proceed
            }
        } catch (IOException e) {
            err.println("yalas ship: " + e.getMessage());
            return 1;
        }
    }

    private ShipperConfig config() {
        ShipperConfig c = config != null ? ConfigParser.parse(config) : new ShipperConfig();
        if (bootstrapServers != null) {
            c.bootstrapServers = bootstrapServers;
        }
        if (schemaRegistry != null) {
            c.schemaRegistry = schemaRegistry;
        }
        if (spoolDir != null) {
            c.spoolDir = spoolDir;
        }
        if (host != null) {
            c.host = host;
        }
        if (runId != null) {
            c.runId = runId;
        }
        if (metricsListen != null) {
            c.metricsListen = metricsListen;
        }
        if (device != null) {
            c.device = device;
        }
        if (coalesceBy != null) {
            if (!coalesceBy.equals("thread") && !coalesceBy.equals("process")) {
                throw new ConfigException("--coalesce-by: expected thread or process, got '" + coalesceBy + "'");
            }
            c.coalesceByProcess = coalesceBy.equals("process");
        }
        if (coalesceWindow != null) {
            try {
                c.coalesceWindowMs = ConfigParser.duration(coalesceWindow);
            } catch (ConfigException e) {
                throw new ConfigException("--coalesce-window: " + e.getMessage());
            }
        }
        try {
            c.registry().sslContext();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return c;
    }
}
