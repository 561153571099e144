package io.yalas.cli;

import io.yalas.flink.JobJars;
import io.yalas.stack.YalasStack;
import io.yalas.stack.flink.FlinkTarget;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where the learn and detect jobs run: the stack's Flink, with the jobs' jars shipped to a cluster of its own. */
final class JobEnvironment {
    private JobEnvironment() {
    }

    static StreamExecutionEnvironment of(YalasStack stack, String purpose) {
        FlinkTarget target = stack.flink().orElseThrow(() -> new IllegalStateException(purpose + " needs Flink"));
        return (stack.flinkIsExternal() ? target.withJars(JobJars.paths()) : target).environment(new Configuration());
    }
}
