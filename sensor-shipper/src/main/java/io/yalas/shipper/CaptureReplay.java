package io.yalas.shipper;

import io.yalas.schemas.wire.SchemaRegistryClient;
import io.yalas.shipper.config.ShipperConfig;
import io.yalas.shipper.source.CaptureFileSource;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Replays a capture file into Kafka with the full shipper pipeline: the entry point for the demo and
 * the Flink job tests.
 */
public final class CaptureReplay {
    private CaptureReplay() {
    }

    /**
     * Ships {@code capture} (plain or LZ4) to {@code bootstrapServers} at full speed and returns when
     * every event was acknowledged (or, if Kafka stayed unreachable for the shutdown timeout, spooled).
     *
     * @param spoolDir a private directory for the spool and the sequence state
     * @param runId    the run_id column of every event, or null
     */
    public static ShipperReport replay(Path capture, String bootstrapServers, SchemaRegistryClient registry,
                                       Path spoolDir, String runId) throws IOException {
        ShipperConfig cfg = new ShipperConfig();
        cfg.bootstrapServers = bootstrapServers;
        cfg.spoolDir = spoolDir;
        cfg.runId = runId;
        cfg.metricsListen = "off";
        return replay(capture, cfg, registry, false);
    }

    /** Same with every setting from {@code cfg}; {@code paced}: at the recorded speed. */
    public static ShipperReport replay(Path capture, ShipperConfig cfg, SchemaRegistryClient registry, boolean paced)
            throws IOException {
        CaptureFileSource source = CaptureFileSource.open(capture, paced);
        String bootId = "capture:" + source.hostname() + ":" + source.wallClockOffsetNs();
        Shipper shipper = Shipper.toKafka(cfg, source, registry, bootId);
        try (shipper) {
            shipper.run();
        }
        return shipper.report();
    }
}
