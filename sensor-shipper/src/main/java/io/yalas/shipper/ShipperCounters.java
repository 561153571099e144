package io.yalas.shipper;

import io.yalas.shipper.decode.DecodeCounters;
import io.yalas.shipper.pipeline.PipelineCounters;
import io.yalas.shipper.publish.DeliveryCounters;
import io.yalas.shipper.source.SourceCounters;

import java.util.Map;
import java.util.TreeMap;

/** All counters of one shipper, for HostStats, metrics and the final report. */
public record ShipperCounters(SourceCounters source, DecodeCounters decode, PipelineCounters pipeline,
                              DeliveryCounters delivery) {
    public static ShipperCounters create(SourceCounters source) {
        return new ShipperCounters(source, new DecodeCounters(), new PipelineCounters(), new DeliveryCounters());
    }

    /** Shipper-side drops by reason (HostStats.shipper_drops). */
    public Map<String, Long> shipperDrops() {
        Map<String, Long> m = new TreeMap<>();
        m.put("spool_full", delivery.spoolFullDrops.get());
        m.put("unknown_record_type", decode.unknownType.get());
        m.put("malformed_record", decode.malformed.get());
        m.put("capture_bytes_lost", source.lostBytes.get());
        m.put("kafka_error", delivery.kafkaErrors.get());
        return m;
    }
}
