package io.yalas.flink.detect;

import io.yalas.flink.rules.RuleExceptions;
import io.yalas.schemas.BehaviorModel;
import io.yalas.schemas.HostStats;
import io.yalas.schemas.RuleExceptionSet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * What the detect job broadcasts to every scoring task: a model version changing state, a host
 * reporting lost events, or new rule exceptions. One bean for all three (Flink POJO) because a broadcast
 * stream has one type.
 */
public class Control implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    public static final String MODEL = "MODEL";
    public static final String LOSS = "LOSS";
    public static final String EXCEPTIONS = "EXCEPTIONS";

    public String kind;
    public String profile;
    public long version;
    public String state;
    /** The BehaviorModel in Avro single-object encoding: compact in broadcast state and checkpoints. */
    public byte[] model;
    public String host;
    public long lossStartMillis;
    public long lossEndMillis;
    public long lost;
    /** A rule exception set: its text and where it came from. */
    public String exceptionsText;
    public String exceptionsSource;

    public Control() {
    }

    public static Control of(BehaviorModel m) {
        Control c = new Control();
        c.kind = MODEL;
        c.profile = m.getProfile();
        c.version = m.getModelVersion();
        c.state = m.getState().name();
        try {
            ByteBuffer bytes = m.toByteBuffer();
            c.model = new byte[bytes.remaining()];
            bytes.get(c.model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return c;
    }

    /** A loss report, or null when the interval lost nothing. */
    public static Control of(HostStats s) {
        long lost = s.getKernelDrops().values().stream().mapToLong(Long::longValue).sum()
                + s.getShipperDrops().values().stream().mapToLong(Long::longValue).sum();
        if (lost == 0) {
            return null;
        }
        Control c = new Control();
        c.kind = LOSS;
        c.host = s.getHost();
        c.lossStartMillis = s.getIntervalStart().toEpochMilli();
        c.lossEndMillis = s.getIntervalEnd().toEpochMilli();
        c.lost = lost;
        return c;
    }

    public static Control of(RuleExceptionSet set) {
        Control c = new Control();
        c.kind = EXCEPTIONS;
        c.exceptionsText = set.getText();
        c.exceptionsSource = set.getSource();
        return c;
    }

    /** @throws IllegalArgumentException naming the source and line of the first problem */
    public RuleExceptions parseExceptions() {
        return RuleExceptions.fromText(exceptionsSource, exceptionsText);
    }

    public BehaviorModel decodeModel() {
        try {
            return BehaviorModel.fromByteBuffer(ByteBuffer.wrap(model));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable model " + profile + "@" + version, e);
        }
    }
}
