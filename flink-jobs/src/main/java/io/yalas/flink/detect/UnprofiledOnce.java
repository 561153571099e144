package io.yalas.flink.detect;

import io.yalas.schemas.Alert;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keyed by (host, profile): lets the first "unprofiled" alert through and swallows the rest, so a
 * forking service without a model raises one alert, not one per child. Forgets after {@code remember}
 * so a profile that stays unprofiled is reported again the next day.
 */
public final class UnprofiledOnce extends KeyedProcessFunction<String, Alert, Alert> {
    private static final long serialVersionUID = 1L;

    private final Duration remember;
    private transient ValueState<Boolean> reported;

    public UnprofiledOnce(Duration remember) {
        this.remember = remember;
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("unprofiled-reported", Types.BOOLEAN);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(remember).build());
        reported = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        if (reported.value() == null) {
            reported.update(Boolean.TRUE);
            out.collect(alert);
        }
    }
}
