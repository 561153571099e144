package io.yalas.shipper.pipeline;

import io.yalas.shipper.decode.KernelRecord;

/**
 * What an emitted event sums up: one record, or a coalesced run of records of the same kind.
 *
 * @param latencies    how many of the records carried a syscall latency (the module measures it
 *                     only for syscalls whose entry it saw)
 * @param latencySumNs sum of those latencies, for the mean
 */
public record RunTotals(int count, long bytes, long lastTsNs, long lastRet,
                        int latencies, long latencySumNs, long latencyMinNs, long latencyMaxNs) {

    public static RunTotals of(KernelRecord r) {
        long lat = r.latencyNs();
        return new RunTotals(1, Coalescer.bytesOf(r), r.tsNs(), r.ret(),
                lat >= 0 ? 1 : 0, Math.max(lat, 0), lat, lat);
    }

    /** Mean latency in ns, or null when no record carried one. */
    public Long latencyMeanNs() {
        return latencies == 0 ? null : latencySumNs / latencies;
    }

    public Long latencyMin() {
        return latencies == 0 ? null : latencyMinNs;
    }

    public Long latencyMax() {
        return latencies == 0 ? null : latencyMaxNs;
    }
}
