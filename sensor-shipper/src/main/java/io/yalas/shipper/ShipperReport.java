package io.yalas.shipper;

/**
 * Totals of one shipper run.
 *
 * @param records       kernel records decoded
 * @param recordBytes   bytes of those records (as in the ring / capture)
 * @param events        events published (sequence numbers handed out)
 * @param kafkaBytes    serialized event bytes handed to Kafka
 * @param filtered      records dropped by the filter rules
 * @param coalesced     records folded into another event
 * @param spoolFullDrops events dropped because the spool was full
 * @param kernelDrops   records the module dropped (ring full, bad tail; live only)
 * @param sourceError   the error that ended the source early (corrupt capture), or null
 */
public record ShipperReport(long records, long recordBytes, long events, long kafkaBytes, long filtered,
                            long coalesced, long spoolFullDrops, long kernelDrops, String sourceError) {
    /** Kernel record bytes per byte sent to Kafka (0 when nothing was sent). */
    public double reductionRatio() {
        return kafkaBytes == 0 ? 0 : (double) recordBytes / kafkaBytes;
    }

    /** {@code toKafka}: events counted at delivery (sequence numbers), else at the pipeline's output. */
    static ShipperReport of(ShipperCounters c, String error, boolean toKafka) {
        long events = toKafka ? c.delivery().events.get() : c.pipeline().emitted.get();
        return new ShipperReport(c.decode().records.get(), c.decode().bytes.get(), events,
                c.delivery().kafkaBytes.get(), c.pipeline().filtered.get(), c.pipeline().coalesced.get(),
                c.delivery().spoolFullDrops.get(),
                c.source().kernelDroppedFull.get() + c.source().kernelDroppedBadTail.get(), error);
    }
}
