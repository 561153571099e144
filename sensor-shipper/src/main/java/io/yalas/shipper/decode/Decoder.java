package io.yalas.shipper.decode;

import io.yalas.shipper.abi.Abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one record in place (no copy of the record: paths and payloads are the only bytes copied out).
 * Works on any little-endian buffer: a capture file chunk or a mmap'ed ring. Unknown record types and
 * records whose variable lengths do not fit their size are counted and skipped (null), never thrown.
 * Framing (hdr.size itself being impossible) is the source's job: it cannot skip what it cannot measure.
 */
public final class Decoder {
    private final DecodeCounters counters;

    public Decoder(DecodeCounters counters) {
        this.counters = counters;
    }

    public DecodeCounters counters() {
        return counters;
    }

    /** True if {@code size} can be the hdr.size of a record: the framing check of every source. */
    public static boolean plausibleSize(long size) {
        return size >= Abi.HDR_SIZE && size <= Abi.MAX_RECORD && size % Abi.RECORD_ALIGN == 0;
    }

    /**
     * Decodes the record at {@code off} ({@code b} must be little-endian and hold hdr.size bytes there).
     * Returns null for a record that is counted as unknown or malformed.
     */
    public KernelRecord decode(ByteBuffer b, int off) {
        assert b.order() == ByteOrder.LITTLE_ENDIAN;
        int type = Short.toUnsignedInt(b.getShort(off + Abi.HDR_TYPE));
        int size = b.getInt(off + Abi.HDR_RSIZE);
        DecodeCounters.inc(counters.records);
        DecodeCounters.add(counters.bytes, size);
        switch (type) {
            case Abi.REC_SYSCALL:
            case Abi.REC_FILE:
            case Abi.REC_IO:
            case Abi.REC_NET:
            case Abi.REC_EXEC:
                return syscall(b, off, type, size);
            case Abi.REC_PROC_FORK:
            case Abi.REC_PROC_EXEC:
            case Abi.REC_PROC_EXIT:
                return process(b, off, type, size);
            default:
                DecodeCounters.inc(counters.unknownType);
                return null;
        }
    }

    private KernelRecord syscall(ByteBuffer b, int off, int type, int size) {
        int fixed = Abi.SYSCALL_BODY + switch (type) {
            case Abi.REC_FILE -> Abi.FILE_SIZE;
            case Abi.REC_IO -> Abi.IO_SIZE;
            case Abi.REC_NET -> Abi.NET_SIZE;
            case Abi.REC_EXEC -> Abi.EXEC_SIZE;
            default -> 0;
        };
        int flags = Short.toUnsignedInt(b.getShort(off + Abi.HDR_FLAGS));
        int trailer = (flags & Abi.RF_LATENCY) != 0 ? Abi.LATENCY_SIZE : 0;
        if (size < fixed + trailer) {
            DecodeCounters.inc(counters.malformed);
            return null;
        }
        long latencyNs = trailer == 0 ? -1 : b.getLong(off + size - trailer + Abi.LATENCY_NS);
        if (trailer != 0 && latencyNs < 0) {
            return malformed();
        }
        int s = off + Abi.HDR_SIZE;
        long ret = b.getLong(s + Abi.SYS_RET);
        long[] args = new long[6];
        for (int i = 0; i < 6; i++) {
            args[i] = b.getLong(s + Abi.SYS_ARGS + 8 * i);
        }
        int nr = b.getInt(s + Abi.SYS_NR);
        int sysid = Short.toUnsignedInt(b.getShort(s + Abi.SYS_SYSID));
        int family = Short.toUnsignedInt(b.getShort(s + Abi.SYS_FAMILY));
        int p = off + Abi.SYSCALL_BODY;
        int var = off + fixed;
        int end = off + size - trailer;
        int fd = -1;
        String path = null;
        String path2 = null;
        long fileFlags = -1;
        long mode = -1;
        long count = -1;
        int fdType = 0;
        int ioFlags = 0;
        int sockFamily = 0;
        String sockAddr = null;
        int sockPort = -1;
        List<String> argv = null;
        byte[] tty = null;
        switch (type) {
            case Abi.REC_FILE: {
                int l1 = Short.toUnsignedInt(b.getShort(p + Abi.FILE_PATH_LEN));
                int l2 = Short.toUnsignedInt(b.getShort(p + Abi.FILE_PATH2_LEN));
                if (var + l1 + l2 > end) {
                    return malformed();
                }
                fd = b.getInt(p + Abi.FILE_DIRFD);
                fileFlags = Integer.toUnsignedLong(b.getInt(p + Abi.FILE_FLAGS));
                mode = Integer.toUnsignedLong(b.getInt(p + Abi.FILE_MODE));
                count = b.getLong(p + Abi.FILE_LENGTH);
                path = l1 > 0 ? string(b, var, l1) : null;
                path2 = l2 > 0 ? string(b, var + l1, l2) : null;
                break;
            }
            case Abi.REC_IO: {
                int dl = b.getInt(p + Abi.IO_DATA_LEN);
                if (dl < 0 || var + (long) dl > end) {
                    return malformed();
                }
                fd = b.getInt(p + Abi.IO_FD);
                fdType = Short.toUnsignedInt(b.getShort(p + Abi.IO_FD_TYPE));
                ioFlags = Short.toUnsignedInt(b.getShort(p + Abi.IO_FLAGS));
                count = b.getLong(p + Abi.IO_COUNT);
                if (dl > 0) {
                    tty = new byte[dl];
                    b.get(var, tty);
                }
                break;
            }
            case Abi.REC_NET: {
                int ul = Short.toUnsignedInt(b.getShort(p + Abi.NET_UNIX_PATH_LEN));
                if (var + ul > end) {
                    return malformed();
                }
                fd = b.getInt(p + Abi.NET_FD);
                sockFamily = Short.toUnsignedInt(b.getShort(p + Abi.NET_FAMILY));
                count = b.getLong(p + Abi.NET_COUNT);
                if (sockFamily == Abi.AF_INET || sockFamily == Abi.AF_INET6) {
                    sockPort = Short.toUnsignedInt(b.getShort(p + Abi.NET_PORT));
                    sockAddr = inetAddress(b, p + Abi.NET_ADDR, sockFamily == Abi.AF_INET ? 4 : 16);
                } else if (sockFamily == Abi.AF_UNIX) {
                    sockAddr = ul > 0 ? unixPath(b, var, ul) : "";
                }
                break;
            }
            case Abi.REC_EXEC: {
                int fl = Short.toUnsignedInt(b.getShort(p + Abi.EXEC_FILENAME_LEN));
                int al = Short.toUnsignedInt(b.getShort(p + Abi.EXEC_ARGV_LEN));
                if (var + fl + al > end) {
                    return malformed();
                }
                fd = b.getInt(p + Abi.EXEC_DIRFD);
                fileFlags = Integer.toUnsignedLong(b.getInt(p + Abi.EXEC_FLAGS));
                path = string(b, var, fl);
                argv = splitNul(b, var + fl, al);
                break;
            }
            default:
                break;
        }
        return new KernelRecord(type, flags, size,
                b.getLong(off + Abi.HDR_TS_NS), b.getLong(off + Abi.HDR_SEQ), b.getInt(off + Abi.HDR_CPU),
                b.getInt(off + Abi.HDR_TGID), b.getInt(off + Abi.HDR_TID), b.getInt(off + Abi.HDR_PPID),
                b.getInt(off + Abi.HDR_UID), b.getInt(off + Abi.HDR_GID), b.getInt(off + Abi.HDR_EUID),
                b.getInt(off + Abi.HDR_EGID), b.getLong(off + Abi.HDR_CGROUP_ID), b.getLong(off + Abi.HDR_MNTNS_ID),
                comm(b, off + Abi.HDR_COMM), sysid, nr, family, ret, args, latencyNs, fd, path, path2, fileFlags, mode, count,
                fdType, ioFlags, sockFamily, sockAddr, sockPort, argv, tty, -1, -1, 0, false);
    }

    private KernelRecord process(ByteBuffer b, int off, int type, int size) {
        int p = off + Abi.HDR_SIZE;
        int fixed = Abi.HDR_SIZE + switch (type) {
            case Abi.REC_PROC_FORK -> Abi.FORK_SIZE;
            case Abi.REC_PROC_EXEC -> Abi.PEXEC_SIZE;
            default -> Abi.PEXIT_SIZE;
        };
        if (size < fixed) {
            return malformed();
        }
        String path = null;
        String path2 = null;
        int childTgid = -1;
        int childTid = -1;
        int exitCode = 0;
        boolean groupDead = false;
        int fd = -1;
        List<String> argv = null;
        if (type == Abi.REC_PROC_FORK) {
            childTgid = b.getInt(p + Abi.FORK_CHILD_TGID);
            childTid = b.getInt(p + Abi.FORK_CHILD_PID);
        } else if (type == Abi.REC_PROC_EXEC) {
            int fl = Short.toUnsignedInt(b.getShort(p + Abi.PEXEC_FILENAME_LEN));
            int il = Short.toUnsignedInt(b.getShort(p + Abi.PEXEC_INTERP_LEN));
            int var = off + fixed;
            if (var + fl + il > off + size) {
                return malformed();
            }
            path = string(b, var, fl);
            path2 = il > 0 ? string(b, var + fl, il) : null;
            fd = b.getInt(p + Abi.PEXEC_OLD_PID);
            // ABI 1.1: the new image's argv follows, 8-aligned; a 1.0 record ends before it
            int a = Abi.pexecArgvOffset(fl, il);
            if (size >= a + Abi.PEXEC_ARGV_SIZE) {
                int al = Short.toUnsignedInt(b.getShort(off + a + Abi.PEXEC_ARGV_ARGV_LEN));
                if (a + Abi.PEXEC_ARGV_SIZE + al > size) {
                    return malformed();
                }
                argv = splitNul(b, off + a + Abi.PEXEC_ARGV_SIZE, al);
            }
        } else {
            exitCode = b.getInt(p + Abi.PEXIT_EXIT_CODE);
            groupDead = b.getInt(p + Abi.PEXIT_GROUP_DEAD) != 0;
        }
        return new KernelRecord(type, Short.toUnsignedInt(b.getShort(off + Abi.HDR_FLAGS)), size,
                b.getLong(off + Abi.HDR_TS_NS), b.getLong(off + Abi.HDR_SEQ), b.getInt(off + Abi.HDR_CPU),
                b.getInt(off + Abi.HDR_TGID), b.getInt(off + Abi.HDR_TID), b.getInt(off + Abi.HDR_PPID),
                b.getInt(off + Abi.HDR_UID), b.getInt(off + Abi.HDR_GID), b.getInt(off + Abi.HDR_EUID),
                b.getInt(off + Abi.HDR_EGID), b.getLong(off + Abi.HDR_CGROUP_ID), b.getLong(off + Abi.HDR_MNTNS_ID),
                comm(b, off + Abi.HDR_COMM), 0, -1, 0, 0, null, -1, fd, path, path2, -1, -1, -1, 0, 0, 0, null, -1,
                argv, null, childTgid, childTid, exitCode, groupDead);
    }

    private KernelRecord malformed() {
        DecodeCounters.inc(counters.malformed);
        return null;
    }

    private static String string(ByteBuffer b, int off, int len) {
        byte[] bytes = new byte[len];
        b.get(off, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * comm is NUL padded and not always NUL terminated. A host runs few distinct task names, so they are
     * cached by their 16 raw bytes: no String per record (a direct-mapped cache, collisions just decode).
     */
    private String comm(ByteBuffer b, int off) {
        long lo = b.getLong(off);
        long hi = b.getLong(off + 8);
        int slot = (int) ((lo * 0x9E3779B97F4A7C15L) ^ hi) >>> 1 & (COMM_CACHE - 1);
        if (commLo[slot] == lo && commHi[slot] == hi && commStr[slot] != null) {
            return commStr[slot];
        }
        int n = 0;
        while (n < Abi.COMM_LEN && b.get(off + n) != 0) {
            n++;
        }
        String s = string(b, off, n);
        commLo[slot] = lo;
        commHi[slot] = hi;
        commStr[slot] = s;
        return s;
    }

    private static final int COMM_CACHE = 1024;
    private final long[] commLo = new long[COMM_CACHE];
    private final long[] commHi = new long[COMM_CACHE];
    private final String[] commStr = new String[COMM_CACHE];

    /** Abstract unix socket names start with NUL: shown with a leading '@' as ss(8) does. */
    private static String unixPath(ByteBuffer b, int off, int len) {
        if (b.get(off) == 0) {
            return "@" + string(b, off + 1, len - 1).replace('\0', '@');
        }
        int n = 0;
        while (n < len && b.get(off + n) != 0) {
            n++;
        }
        return string(b, off, n);
    }

    private static List<String> splitNul(ByteBuffer b, int off, int len) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (b.get(off + i) == 0) {
                out.add(string(b, off + start, i - start));
                start = i + 1;
            }
        }
        if (start < len) {
            out.add(string(b, off + start, len - start));
        }
        return out;
    }

    private static String inetAddress(ByteBuffer b, int off, int len) {
        StringBuilder sb = new StringBuilder(len == 4 ? 15 : 39);
        if (len == 4) {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    sb.append('.');
                }
                sb.append(Byte.toUnsignedInt(b.get(off + i)));
            }
            return sb.toString();
        }
        // RFC 5952 would compress zero runs; the uncompressed hex form is unambiguous and cheap
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString((Byte.toUnsignedInt(b.get(off + i)) << 8) | Byte.toUnsignedInt(b.get(off + i + 1))));
        }
        return sb.toString();
    }
}
