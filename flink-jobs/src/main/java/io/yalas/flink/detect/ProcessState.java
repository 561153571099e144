package io.yalas.flink.detect;

import io.yalas.flink.rules.RuleCounters;
import io.yalas.model.score.ScorerState;

import java.util.List;

/**
 * Everything the detect job remembers about one running process (a Flink POJO in keyed state; it goes
 * when the process exits or after the state TTL).
 */
public class ProcessState {
    public static final int TIME_STRIDE = 16;

    public String host;
    public String bootId;
    public int pid;
    public String profile;
    public String exe;
    public String comm;
    public int uid;
    public String containerId;
    public List<String> argv;
    public String runId;
    /** Events seen for this process, scored or not. */
    public long events;

    /** Version of the model the scorer state belongs to; 0 while unprofiled. */
    public long modelVersion;
    public ScorerState scorer;
    /**
     * Event time (ns) of every {@link #TIME_STRIDE}-th scored event, a ring: enough to date a window's start
     * to within a few events without storing a timestamp per event.
     */
    public long[] windowTimes;
    /** The most surprising events still in the window, so an alert can show the events behind it. */
    public Evidence evidence;
    /** The window is above the threshold: one alert per excursion, not one per event. */
    public boolean aboveThreshold;
    public int markovAlerts;
    public boolean unprofiledReported;
    public RuleCounters rules = new RuleCounters();

    public ProcessState() {
    }

    void startWindow(ScorerState state) {
        scorer = state;
        windowTimes = new long[state.window() / TIME_STRIDE + 2];
        evidence = null;
        aboveThreshold = false;
    }

    void recordTime(long position, long tsNs) {
        if (position % TIME_STRIDE == 0) {
            windowTimes[(int) ((position / TIME_STRIDE) % windowTimes.length)] = tsNs;
        }
    }

    /** Event time of the event at {@code position} rounded down to the stride (a little early, never late). */
    long timeAt(long position) {
        long p = Math.max(0, position);
        return windowTimes[(int) ((p / TIME_STRIDE) % windowTimes.length)];
    }
}
