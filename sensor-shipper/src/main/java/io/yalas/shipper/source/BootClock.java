package io.yalas.shipper.source;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;

/** CLOCK_BOOTTIME (the records' clock) through clock_gettime(2). */
final class BootClock {
    private static final int CLOCK_BOOTTIME = 7;

    interface Clock extends Library {
        Clock INSTANCE = Native.load("c", Clock.class);

        int clock_gettime(int clock, Memory ts);
    }

    private static final ThreadLocal<Memory> TS = ThreadLocal.withInitial(() -> new Memory(16));

    private BootClock() {
    }

    static long nanos() {
        Memory ts = TS.get();
        Clock.INSTANCE.clock_gettime(CLOCK_BOOTTIME, ts);
        return ts.getLong(0) * 1_000_000_000L + ts.getLong(8);
    }
}
