package io.yalas.flink;

import io.yalas.flink.events.EncodedEvent;
import io.yalas.flink.events.RecordingWatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YalasJobsTest {
    static final EncodedEvent EVENT = new EncodedEvent(7, "web-1", "run-1", 1_700_000_000_000L, new byte[0]);

    @Test
    void aBoundedReplaysReaderNeverLetsEventTimeRunAheadOfIt() {
        WatermarkGenerator<EncodedEvent> generator = YalasJobs.detectEventTime(true).createWatermarkGenerator(null);
        RecordingWatermarkOutput out = new RecordingWatermarkOutput();
        generator.onPeriodicEmit(out);
        assertFalse(out.idle, "a reader still waiting for its first records must hold event time back");
        generator.onEvent(EVENT, EVENT.eventTimeMillis(), out);
        generator.onPeriodicEmit(out);
        assertTrue(out.watermarks.isEmpty(), "event time of a replay moves only at the end of input");
        assertEquals(EVENT.eventTimeMillis(), YalasJobs.detectEventTime(true).createTimestampAssigner(null).extractTimestamp(EVENT, 0));
    }

    @Test
    void aLiveReaderWithoutHostsStopsHoldingEventTimeBack() {
        WatermarkGenerator<EncodedEvent> generator = YalasJobs.detectEventTime(false).createWatermarkGenerator(null);
        RecordingWatermarkOutput out = new RecordingWatermarkOutput();
        generator.onPeriodicEmit(out);
        assertTrue(out.idle, "live, a partition no host writes to must not stall every burst");
        generator.onEvent(EVENT, EVENT.eventTimeMillis(), out);
        generator.onPeriodicEmit(out);
        assertFalse(out.idle);
        assertEquals(EVENT.eventTimeMillis() - YalasJobs.LATENESS.toMillis() - 1, out.last());
    }
}
