package io.yalas.flink.events;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

import java.util.ArrayList;
import java.util.List;

/** Records what a watermark generator tells its source: the watermarks it emitted and whether it is idle. */
public final class RecordingWatermarkOutput implements WatermarkOutput {
    public final List<Long> watermarks = new ArrayList<>();
    public boolean idle;

    @Override
    public void emitWatermark(Watermark watermark) {
        watermarks.add(watermark.getTimestamp());
        idle = false;
    }

    @Override
    public void markIdle() {
        idle = true;
    }

    @Override
    public void markActive() {
        idle = false;
    }

    public long last() {
        return watermarks.get(watermarks.size() - 1);
    }
}
