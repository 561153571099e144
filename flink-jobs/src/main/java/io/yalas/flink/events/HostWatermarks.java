package io.yalas.flink.events;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Event-time watermarks per host. One Kafka partition carries the events of many hosts, whose clocks and
 * shippers run independently (a host whose shipper replays its spool after an outage is minutes behind).
 * A per-partition watermark would follow the fastest host and declare the others' events late; this one
 * follows the slowest host still sending, and a host that has sent nothing for {@code idleness} (wall
 * clock) stops holding it back. When every host of the partition is idle, the partition is marked idle.
 * Watermarks never go back: a host that reappears behind the current watermark delivers late events.
 */
public final class HostWatermarks<T> implements WatermarkGenerator<T> {

    /** The host of an event. */
    @FunctionalInterface
    public interface HostOf<T> extends Serializable {
        String host(T event);
    }

    private final HostOf<T> hostOf;
    private final long latenessMillis;
    private final long idlenessMillis;
    private final LongSupplier wallClock;
    /** Host -> {highest event time seen, wall-clock time of its last event}. */
    private final Map<String, long[]> hosts = new HashMap<>();
    private long emitted = Long.MIN_VALUE;
    private boolean idle;

    public HostWatermarks(HostOf<T> hostOf, Duration lateness, Duration idleness, LongSupplier wallClock) {
        this.hostOf = hostOf;
        this.latenessMillis = lateness.toMillis();
        this.idlenessMillis = idleness.toMillis();
        this.wallClock = wallClock;
    }

    public static <T> WatermarkStrategy<T> strategy(HostOf<T> hostOf, SerializableTimestampAssigner<T> eventTime,
                                                    Duration lateness, Duration idleness) {
        return WatermarkStrategy.<T>forGenerator(context -> new HostWatermarks<>(hostOf, lateness, idleness, System::currentTimeMillis))
                .withTimestampAssigner(eventTime);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        long[] host = hosts.computeIfAbsent(hostOf.host(event), h -> new long[]{Long.MIN_VALUE, 0});
        host[0] = Math.max(host[0], eventTimestamp);
        host[1] = wallClock.getAsLong();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        long now = wallClock.getAsLong();
        long slowest = Long.MAX_VALUE;
        for (Iterator<long[]> it = hosts.values().iterator(); it.hasNext(); ) {
            long[] host = it.next();
            if (now - host[1] >= idlenessMillis) {
                it.remove();
            } else {
                slowest = Math.min(slowest, host[0]);
            }
        }
        if (hosts.isEmpty()) {
            if (!idle) {
                idle = true;
                output.markIdle();
            }
            return;
        }
        if (idle) {
            idle = false;
            output.markActive();
        }
        long watermark = slowest - latenessMillis - 1;
        if (watermark > emitted) {
            emitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
