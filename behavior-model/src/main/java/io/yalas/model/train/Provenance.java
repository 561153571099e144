package io.yalas.model.train;

import java.time.Instant;
import java.util.List;

/**
 * What a model was learned from, so an analyst can trust or reproduce it.
 *
 * @param runs       learning run ids (SyscallEvent.run_id) whose events were used
 * @param testSuite  the test suite that drove the application during learning, if known
 * @param hosts      hosts the events came from
 * @param firstEvent time of the first event learned, if known
 * @param lastEvent  time of the last event learned, if known
 */
public record Provenance(List<String> runs, String testSuite, List<String> hosts, Instant firstEvent, Instant lastEvent) {
    public static final Provenance UNKNOWN = new Provenance(List.of(), null, List.of(), null, null);

    public Provenance {
        runs = List.copyOf(runs);
        hosts = List.copyOf(hosts);
    }
}
