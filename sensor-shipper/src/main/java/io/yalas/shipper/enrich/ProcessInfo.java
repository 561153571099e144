package io.yalas.shipper.enrich;

import java.util.List;

/**
 * What the shipper knows about one process (thread group). Mutable: exec replaces exe/argv; the table
 * owns the instances and only the pipeline thread touches them.
 */
public final class ProcessInfo {
    final int pid;
    int ppid;
    int uid;
    String comm;
    String exe;
    List<String> argv;
    String containerId;
    long cgroupId;

    ProcessInfo(int pid, int ppid) {
        this.pid = pid;
        this.ppid = ppid;
    }

    public int pid() {
        return pid;
    }

    public int ppid() {
        return ppid;
    }

    public int uid() {
        return uid;
    }

    public String comm() {
        return comm;
    }

    public String exe() {
        return exe;
    }

    public List<String> argv() {
        return argv;
    }

    public String containerId() {
        return containerId;
    }
}
