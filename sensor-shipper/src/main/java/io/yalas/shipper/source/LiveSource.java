package io.yalas.shipper.source;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import io.yalas.shipper.HostIdentity;
import io.yalas.shipper.abi.Abi;
import io.yalas.shipper.abi.Syscalls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the module's per-CPU rings in place through mmap (JNA): records are decoded straight from the
 * mapped pages and the tail is advanced (store-release) after each ring's batch. Idle waiting uses the
 * device's poll() with a timeout, so an idle host costs one wake-up per timeout, never a busy spin.
 *
 * <p>Protocol (yalas_abi.h): head is read with acquire semantics; bytes [tail, head) hold whole records;
 * the data pages are mapped twice back to back, so a record is contiguous at data + tail % size.
 */
public final class LiveSource implements RecordSource {
    private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long CLOCK_OFFSET_SAMPLES = 5;
    private static final Logger LOG = LoggerFactory.getLogger(LiveSource.class);

    private static final class Ring {
        final int cpu;
        final Pointer ctrlPtr;
        final Pointer dataPtr;
        final ByteBuffer ctrl;
        final ByteBuffer data;
        long tail;
        long records;

        Ring(int cpu, Pointer ctrlPtr, Pointer dataPtr, ByteBuffer ctrl, ByteBuffer data, long tail) {
            this.cpu = cpu;
            this.ctrlPtr = ctrlPtr;
            this.dataPtr = dataPtr;
            this.ctrl = ctrl;
            this.data = data;
            this.tail = tail;
        }
    }

    private final LibC libc = LibC.INSTANCE;
    private final int fd;
    private final int nrCpus;
    private final long pageSize;
    private final long dataSize;
    private final List<Ring> rings = new ArrayList<>();
    private final SourceCounters counters = new SourceCounters();
    private final Memory stats = new Memory(Abi.STATS_SIZE);
    private final Memory pollfd = new Memory(8);
    private final long wallOffsetNs;
    private final String hostname = HostIdentity.hostname();
    private List<String> watched; // null = unknown
    private long lastStatsNanos;
    private IdleListener idleListener = (cpu, ts) -> { };

    /** Told when a ring was found empty: no record older than {@code tsNs} can still come from it. */
    @FunctionalInterface
    public interface IdleListener {
        void idle(int cpu, long tsNs);
    }

    private LiveSource(Path device) throws IOException {
        fd = libc.open(device.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException(device + ": cannot open: errno " + Native.getLastError()
                    + (Native.getLastError() == 16 ? " (EBUSY: another consumer has it open)" : ""));
        }
        try {
            Memory info = new Memory(Abi.INFO_SIZE);
            info.clear();
            ioctl(Abi.IOC_INFO, info, "INFO");
            int magic = info.getInt(Abi.INFO_MAGIC);
            int abi = info.getInt(Abi.INFO_ABI_VERSION);
            if (magic != Abi.MAGIC || abi >>> 16 != Abi.ABI_VERSION_MAJOR) {
                throw new IOException(device + ": module speaks ABI " + (abi >>> 16) + "." + (abi & 0xffff)
                        + " (magic 0x" + Integer.toHexString(magic) + "), this shipper reads ABI "
                        + Abi.ABI_VERSION_MAJOR + ".x");
            }
            nrCpus = info.getInt(Abi.INFO_NR_CPUS);
            pageSize = Integer.toUnsignedLong(info.getInt(Abi.INFO_PAGE_SIZE));
            dataSize = info.getLong(Abi.INFO_DATA_SIZE);
            long stride = info.getLong(Abi.INFO_MMAP_STRIDE);
            for (int cpu = 0; cpu < nrCpus; cpu++) {
                long off = cpu * stride;
                Pointer c = libc.mmap(null, new NativeLong(pageSize), LibC.PROT_READ | LibC.PROT_WRITE,
                        LibC.MAP_SHARED, fd, new NativeLong(off));
                if (Pointer.nativeValue(c) == -1) {
                    continue; // not a possible cpu
                }
                Pointer d = libc.mmap(null, new NativeLong(2 * dataSize), LibC.PROT_READ, LibC.MAP_SHARED, fd,
                        new NativeLong(off + pageSize));
                if (Pointer.nativeValue(d) == -1) {
                    libc.munmap(c, new NativeLong(pageSize));
                    throw new IOException(device + ": cannot map the data of ring " + cpu + ": errno " + Native.getLastError());
                }
                ByteBuffer cb = c.getByteBuffer(0, pageSize).order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer db = d.getByteBuffer(0, 2 * dataSize).order(ByteOrder.LITTLE_ENDIAN);
                long tail = (long) LONG.getAcquire(cb, Abi.RING_TAIL);
                rings.add(new Ring(cpu, c, d, cb, db, tail));
            }
            LOG.info("opened {}: ABI {}.{}, {} rings mapped of {} cpus, {} bytes each", device, abi >>> 16, abi & 0xffff,
                    rings.size(), nrCpus, dataSize);
            wallOffsetNs = wallClockOffset();
            watched = readSysmask();
            excludeSelf();
            ioctl(Abi.IOC_START, null, "START");
        } catch (IOException | RuntimeException e) {
            closeQuietly();
            throw e;
        }
    }

    /**
     * The shipper's own syscalls (JVM threads, its log and spool writes) would feed back into the rings:
     * the module drops them at the probe, where it costs least.
     */
    private void excludeSelf() throws IOException {
        Memory op = new Memory(Abi.FILTER_OP_SIZE);
        op.clear();
        op.setInt(Abi.FILTER_OP_OP, Abi.FOP_ADD);
        op.setInt(Abi.FILTER_OP_KIND, Abi.FILTER_TGID);
        op.setInt(Abi.FILTER_OP_MODE, Abi.FILTER_EXCLUDE);
        op.setLong(Abi.FILTER_OP_VALUE, ProcessHandle.current().pid());
        ioctl(Abi.IOC_FILTER, op, "FILTER");
    }

    /**
     * The module's syscall mask (YALAS_IOC_GET_SYSMASK) as names, or null (unknown) if the ioctl fails. The
     * shipper sets no mask itself: opening the device resets it to the module's default, every syscall.
     */
    private List<String> readSysmask() {
        Memory m = new Memory(Abi.SYSMASK_SIZE);
        m.clear();
        if (libc.ioctl(fd, new NativeLong(Abi.IOC_GET_SYSMASK), m) < 0) {
            LOG.warn("/dev/yalas ioctl GET_SYSMASK failed: errno {}; watched syscalls unknown", Native.getLastError());
            return null;
        }
        Syscalls.Mask mask = Syscalls.decodeMask(m.getByteBuffer(0, Abi.SYSMASK_SIZE), 0);
        if (!mask.unknownIds().isEmpty()) {
            LOG.warn("the module watches syscall ids this shipper does not know, left out of the watched set: {}",
                    mask.unknownIds());
        }
        LOG.info("syscall mask: {} of {} syscalls watched", mask.names().size(), Syscalls.all().size());
        return mask.names();
    }

    /** Opens the device, checks its ABI, maps every ring and starts capturing. */
    public static LiveSource open(Path device) throws IOException {
        return new LiveSource(device);
    }

    public void setIdleListener(IdleListener l) {
        this.idleListener = l;
    }

    private void ioctl(long request, Pointer arg, String name) throws IOException {
        if (libc.ioctl(fd, new NativeLong(request), arg) < 0) {
            throw new IOException("/dev/yalas ioctl " + name + " failed: errno " + Native.getLastError());
        }
    }

    /** CLOCK_REALTIME - CLOCK_BOOTTIME, from the tightest of a few paired readings. */
    private static long wallClockOffset() {
        long best = Long.MAX_VALUE;
        long offset = 0;
        for (int i = 0; i < CLOCK_OFFSET_SAMPLES; i++) {
            long t0 = System.nanoTime();
            java.time.Instant now = java.time.Instant.now();
            long boot = BootClock.nanos();
            long t1 = System.nanoTime();
            if (t1 - t0 < best) {
                best = t1 - t0;
                offset = now.getEpochSecond() * 1_000_000_000L + now.getNano() - boot;
            }
        }
        return offset;
    }

    @Override
    public int poll(RecordConsumer consumer) {
        int delivered = 0;
        for (Ring r : rings) {
            long head = (long) LONG.getAcquire(r.ctrl, Abi.RING_HEAD);
            long t = r.tail;
            if (t == head) {
                idleListener.idle(r.cpu, BootClock.nanos());
                continue;
            }
            while (t < head) {
                int off = (int) (t & (dataSize - 1));
                long size = Integer.toUnsignedLong(r.data.getInt(off + Abi.HDR_RSIZE));
                if (size < Abi.HDR_SIZE || size % Abi.RECORD_ALIGN != 0 || size > Abi.MAX_RECORD || size > head - t) {
                    counters.framingErrors.incrementAndGet();
                    counters.lostBytes.addAndGet(head - t);
                    t = head; // resynchronise at the producer's position
                    break;
                }
                consumer.accept(r.data, off);
                t += size;
                delivered++;
                r.records++;
            }
            r.tail = t;
            LONG.setRelease(r.ctrl, Abi.RING_TAIL, t);
        }
        refreshStats();
        return delivered;
    }

    /** Module counters, at most every 100 ms (one ioctl). */
    private void refreshStats() {
        long now = System.nanoTime();
        if (now - lastStatsNanos < 100_000_000L) {
            return;
        }
        lastStatsNanos = now;
        if (libc.ioctl(fd, new NativeLong(Abi.IOC_GET_STATS), stats) < 0) {
            return;
        }
        counters.kernelWritten.set(stats.getLong(Abi.STATS_WRITTEN));
        counters.kernelBytes.set(stats.getLong(Abi.STATS_BYTES));
        counters.kernelDroppedFull.set(stats.getLong(Abi.STATS_DROPPED_FULL));
        counters.kernelDroppedBadTail.set(stats.getLong(Abi.STATS_DROPPED_BAD_TAIL));
        counters.kernelCopyFaults.set(stats.getLong(Abi.STATS_COPY_FAULTS));
        counters.kernelFiltered.set(stats.getLong(Abi.STATS_FILTERED));
        counters.kernelProbes.set(new long[]{stats.getLong(Abi.STATS_PROBE_SYS_ENTER), stats.getLong(Abi.STATS_PROBE_SYS_EXIT),
                stats.getLong(Abi.STATS_PROBE_FORK), stats.getLong(Abi.STATS_PROBE_EXEC), stats.getLong(Abi.STATS_PROBE_EXIT)});
        long fill = 0;
        for (Ring r : rings) {
            fill += (long) LONG.getAcquire(r.ctrl, Abi.RING_HEAD) - r.tail;
        }
        counters.ringFillBytes.set(fill);
    }

    @Override
    public void awaitData(long timeoutMs) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, LibC.POLLIN);
        pollfd.setShort(6, (short) 0);
        libc.poll(pollfd, new NativeLong(1), (int) timeoutMs);
    }

    /**
     * Stops the module's capture so that the rings hold a final, bounded backlog: the pipeline then
     * reads them empty before it ends (a SIGTERM must not lose what the kernel already wrote).
     */
    @Override
    public boolean drainOnStop() {
        if (libc.ioctl(fd, new NativeLong(Abi.IOC_STOP), null) < 0) {
            LOG.warn("/dev/yalas ioctl STOP failed: errno {}", Native.getLastError());
        }
        return true;
    }

    /** Per ring: cpu, records read, consumer tail, producer head, records the module wrote and dropped. */
    public String ringSummary() {
        StringBuilder sb = new StringBuilder();
        for (Ring r : rings) {
            sb.append(sb.length() == 0 ? "" : ",").append(r.cpu).append(':').append(r.records).append(':').append(r.tail)
                    .append(':').append((long) LONG.getAcquire(r.ctrl, Abi.RING_HEAD)).append(':')
                    .append(r.ctrl.getLong(Abi.RING_WRITTEN)).append(':').append(r.ctrl.getLong(Abi.RING_DROPPED));
        }
        return sb.toString();
    }

    @Override
    public long wallClockOffsetNs() {
        return wallOffsetNs;
    }

    @Override
    public int nrCpus() {
        return nrCpus;
    }

    @Override
    public Optional<List<String>> watchedSyscalls() {
        return Optional.ofNullable(watched);
    }

    @Override
    public String hostname() {
        return hostname;
    }

    @Override
    public SourceCounters counters() {
        return counters;
    }

    @Override
    public String error() {
        return null;
    }

    @Override
    public void close() {
        libc.ioctl(fd, new NativeLong(Abi.IOC_STOP), null);
        LOG.info("rings (cpu:read:tail:head:written:dropped) {}", ringSummary());
        refreshStatsNow();
        closeQuietly();
    }

    private void refreshStatsNow() {
        lastStatsNanos = 0;
        refreshStats();
    }

    private void closeQuietly() {
        for (Ring r : rings) {
            libc.munmap(r.ctrlPtr, new NativeLong(pageSize));
            libc.munmap(r.dataPtr, new NativeLong(2 * dataSize));
        }
        rings.clear();
        libc.close(fd);
    }
}
