package io.yalas.flink;

import io.yalas.flink.events.EncodedEvent;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YalasJobsTest {
    /** Whether a source reader's generator declared it idle or moved event time. */
    static final class Output implements WatermarkOutput {
        boolean idle;
        long watermark = Long.MIN_VALUE;

        @Override
        public void emitWatermark(Watermark w) {
            watermark = w.getTimestamp();
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    static final EncodedEvent EVENT = new EncodedEvent(7, "web-1", "run-1", 1_700_000_000_000L, new byte[0]);

    @Test
    void aBoundedReplaysReaderNeverLetsEventTimeRunAheadOfIt() {
        WatermarkGenerator<EncodedEvent> generator = YalasJobs.detectEventTime(true).createWatermarkGenerator(null);
        Output out = new Output();
        generator.onPeriodicEmit(out);
        assertFalse(out.idle, "a reader still waiting for its first records must hold event time back");
        generator.onEvent(EVENT, EVENT.eventTimeMillis(), out);
        generator.onPeriodicEmit(out);
        assertEquals(Long.MIN_VALUE, out.watermark, "event time of a replay moves only at the end of input");
        assertEquals(EVENT.eventTimeMillis(), YalasJobs.detectEventTime(true).createTimestampAssigner(null).extractTimestamp(EVENT, 0));
    }

    @Test
    void aLiveReaderWithoutHostsStopsHoldingEventTimeBack() {
        WatermarkGenerator<EncodedEvent> generator = YalasJobs.detectEventTime(false).createWatermarkGenerator(null);
        Output out = new Output();
        generator.onPeriodicEmit(out);
        assertTrue(out.idle, "live, a partition no host writes to must not stall every burst");
        generator.onEvent(EVENT, EVENT.eventTimeMillis(), out);
        generator.onPeriodicEmit(out);
        assertFalse(out.idle);
        assertEquals(EVENT.eventTimeMillis() - YalasJobs.LATENESS.toMillis() - 1, out.watermark);
    }
}
