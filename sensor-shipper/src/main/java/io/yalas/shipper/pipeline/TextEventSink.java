package io.yalas.shipper.pipeline;

import io.yalas.schemas.SyscallEvent;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/**
 * The dry-run output: one tab-separated line per event, in the spirit of the original driver's log
 * (time, pid, tid, uid, gid, comm, syscall, seq, ...), with the shipper's own columns appended.
 * Columns: seq, time (UTC ISO-8601, ns), pid, tid, ppid, uid, gid, comm, syscall, ret, error, count,
 * bytes, fd, path, path2/peer, argv, exe, container, latency (ns from entry to exit; the mean of a coalesced
 * run; empty when the module did not measure it).
 */
public final class TextEventSink implements EventSink {
    public static final String HEADER = "#seq\ttime\tpid\ttid\tppid\tuid\tgid\tcomm\tsyscall\tret\terror\tcount\tbytes"
            + "\tfd\tpath\tpath2_or_peer\targv\texe\tcontainer\tlatency_ns";

    private final PrintStream out;
    private long seq;

    public TextEventSink(PrintStream out) {
        this.out = out;
        out.println(HEADER);
    }

    @Override
    public void accept(SyscallEvent e) {
        e.setSeq(seq++);
        StringBuilder sb = new StringBuilder(160);
        Instant t = Instant.ofEpochSecond(0, e.getTsNs());
        sb.append(e.getSeq()).append('\t').append(t).append('\t').append(e.getPid()).append('\t')
                .append(e.getTid()).append('\t').append(e.getPpid()).append('\t').append(e.getUid()).append('\t')
                .append(e.getGid()).append('\t').append(e.getComm()).append('\t').append(e.getSyscall()).append('\t')
                .append(e.getRet()).append('\t').append(opt(e.getError())).append('\t').append(e.getCount())
                .append('\t').append(e.getBytes()).append('\t').append(opt(e.getFd())).append('\t')
                .append(quote(e.getPath())).append('\t');
        if (e.getSockAddr() != null) {
            sb.append(e.getSockFamily()).append(' ').append(quote(e.getSockAddr()));
            if (e.getSockPort() != null) {
                sb.append(" port ").append(e.getSockPort());
            }
        } else {
            sb.append(quote(e.getPath2()));
        }
        sb.append('\t').append(argv(e.getArgv())).append('\t').append(quote(e.getExe())).append('\t')
                .append(opt(e.getContainerId())).append('\t').append(opt(e.getLatencyNs()));
        out.println(sb);
    }

    private static String opt(Object o) {
        return o == null ? "" : o.toString();
    }

    /** Quoted like the original sample; tabs and newlines escaped so one event stays one line. */
    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        return '"' + s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\"", "\\\"") + '"';
    }

    private static String argv(List<String> argv) {
        if (argv == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < argv.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(quote(argv.get(i)));
        }
        return sb.append(']').toString();
    }

    @Override
    public void flush() {
        out.flush();
    }
}
