package io.yalas.flink.events;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostWatermarksTest {
    record Seen(String host, long time) {
    }

    long wallClock;
    final RecordingWatermarkOutput out = new RecordingWatermarkOutput();
    final HostWatermarks<Seen> generator = new HostWatermarks<>(Seen::host, Duration.ofSeconds(5), Duration.ofSeconds(30), () -> wallClock);

    void see(String host, long time) {
        generator.onEvent(new Seen(host, time), time, out);
    }

    @Test
    void aHostBehindTheOthersHoldsEventTimeBackInsteadOfBeingLate() {
        see("fast", 100_000);
        see("slow", 40_000);
        see("fast", 101_000);
        generator.onPeriodicEmit(out);
        assertEquals(40_000 - 5_000 - 1, out.last(), "the slowest host, less the lateness");
        see("slow", 60_000);
        generator.onPeriodicEmit(out);
        assertEquals(60_000 - 5_000 - 1, out.last());
    }

    @Test
    void aSilentHostStopsHoldingBackAndAllSilentMeansIdle() {
        see("fast", 100_000);
        see("stalled", 10_000);
        generator.onPeriodicEmit(out);
        assertEquals(10_000 - 5_001, out.last());
        wallClock += 20_000;
        see("fast", 120_000);
        wallClock += 15_000;
        generator.onPeriodicEmit(out);
        assertEquals(120_000 - 5_001, out.last(), "the stalled host has been silent for 35 s");
        wallClock += 31_000;
        generator.onPeriodicEmit(out);
        assertTrue(out.idle, "no host has sent anything for the idleness period");
        see("fast", 130_000);
        generator.onPeriodicEmit(out);
        assertEquals(130_000 - 5_001, out.last());
        assertTrue(!out.idle);
    }

    @Test
    void watermarksNeverGoBack() {
        see("a", 50_000);
        generator.onPeriodicEmit(out);
        see("late-joiner", 1_000);
        generator.onPeriodicEmit(out);
        assertEquals(List.of(50_000L - 5_001), out.watermarks, "a host joining behind the watermark does not move it back");
    }
}
