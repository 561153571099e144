package io.yalas.flink.detect;

import java.io.Serializable;
import java.time.Duration;

/**
 * @param stateTtl          how long a silent process's state is kept (processes that exit free it at once)
 * @param explainTransitions least probable transitions shown in an alert
 * @param maxMarkovAlertsPerProcess cap on model alerts per process; rule alerts fire once each anyway
 * @param lossMemory        how many loss intervals per host are remembered to flag alerts inside them
 */
public record DetectSettings(Duration stateTtl, int explainTransitions, int maxMarkovAlertsPerProcess, int lossMemory)
        implements Serializable {
    public static DetectSettings defaults() {
        return new DetectSettings(Duration.ofHours(1), 5, 10, 32);
    }
}
