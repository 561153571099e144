package io.yalas.flink.events;

import io.yalas.model.alphabet.TokenInput;
import io.yalas.schemas.SyscallEvent;

/** How an event enters the behaviour model: its profile, its process and its alphabet input. */
public final class EventMapping {
    private EventMapping() {
    }

    /**
     * The behaviour profile: the container when the process runs in one (every process of an image shares
     * a model), otherwise its executable, otherwise its task name.
     */
    public static String profile(SyscallEvent e) {
        if (e.getContainerId() != null && !e.getContainerId().isEmpty()) {
            return "container:" + e.getContainerId();
        }
        if (e.getExe() != null && !e.getExe().isEmpty()) {
            return e.getExe();
        }
        return "comm:" + e.getComm();
    }

    /** kthreadd: every kernel thread but the idle tasks is it or a child of it. */
    private static final int KTHREADD_PID = 2;

    /**
     * A kernel thread (kthreadd forking workers): no executable, and kthreadd or its child in the host's pid
     * namespace, where the sensor records pids. User processes are never reparented to kthreadd.
     */
    public static boolean isKernelThread(SyscallEvent e) {
        return (e.getExe() == null || e.getExe().isEmpty()) && (e.getPid() == KTHREADD_PID || e.getPpid() == KTHREADD_PID);
    }

    /** One process instance on one boot of one host. */
    public static String processKey(SyscallEvent e) {
        return e.getHost() + "/" + e.getBootId() + "/" + e.getPid();
    }

    /**
     * A 64-bit id of one process instance (host, boot, pid), hashed without building {@link #processKey}:
     * the detect job keys every event by it, on both sides of the shuffle.
     */
    public static long processId(SyscallEvent e) {
        return processId(e.getHost(), e.getBootId(), e.getPid());
    }

    public static long processId(CharSequence host, CharSequence bootId, int pid) {
        long h = fnv(0xcbf29ce484222325L, host);
        h = fnv((h ^ '/') * 0x100000001b3L, bootId);
        return mix((h ^ pid) * 0x100000001b3L);
    }

    private static long fnv(long h, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** FNV's low bits are weak; Flink picks key groups from the hash, so finish with a full mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    public static TokenInput tokenInput(SyscallEvent e) {
        return new TokenInput(e.getSyscall(), e.getSyscallNr(), e.getFamily().name(), e.getPath(), e.getSockFamily(),
                e.getSockAddr(), e.getSockPort(), e.getRet(), e.getError(), e.getBytes());
    }

    /** The process ended: its state can go. */
    public static boolean isExit(SyscallEvent e) {
        String s = e.getSyscall();
        return s.equals("sched_process_exit") || s.equals("exit_group");
    }

    /** A short human rendering for explanations, e.g. {@code openat /etc/shadow = 3}. */
    public static String render(SyscallEvent e) {
        StringBuilder sb = new StringBuilder(e.getSyscall());
        if (e.getPath() != null) {
            sb.append(' ').append(e.getPath());
        }
        if (e.getPath2() != null) {
            sb.append(" -> ").append(e.getPath2());
        }
        if (e.getSockAddr() != null) {
            sb.append(' ').append(e.getSockFamily() == null ? "" : e.getSockFamily() + " ").append(e.getSockAddr());
            if (e.getSockPort() != null) {
                sb.append(':').append(e.getSockPort());
            }
        }
        if (e.getArgv() != null && !e.getArgv().isEmpty()) {
            sb.append(' ').append(String.join(" ", e.getArgv()));
        }
        sb.append(" = ").append(e.getError() != null ? e.getError() : String.valueOf(e.getRet()));
        if (e.getCount() > 1) {
            sb.append(" (x").append(e.getCount()).append(')');
        }
        return sb.length() > 240 ? sb.substring(0, 237) + "..." : sb.toString();
    }
}
