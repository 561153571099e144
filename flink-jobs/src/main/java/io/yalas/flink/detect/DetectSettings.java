package io.yalas.flink.detect;

import io.yalas.flink.rules.RuleExceptions;

import java.io.Serializable;
import java.time.Duration;

/**
 * @param stateTtl          how long a silent process's state is kept (processes that exit free it at once)
 * @param explainTransitions least probable transitions shown in an alert
 * @param maxMarkovAlertsPerProcess cap on model alerts per process; rule alerts fire once each anyway
 * @param lossMemory        how many loss intervals per host are remembered to flag alerts inside them
 * @param modelAlertBurst   model alerts of one executable of one profile closer than this (event time) form a
 *                          burst: its first alert, then one summary; zero sends every alert on its own
 * @param ruleExceptions    where the attack rules stay quiet (known-good software)
 */
public record DetectSettings(Duration stateTtl, int explainTransitions, int maxMarkovAlertsPerProcess, int lossMemory,
                             Duration modelAlertBurst, RuleExceptions ruleExceptions) implements Serializable {
    public static DetectSettings defaults() {
        return new DetectSettings(Duration.ofHours(1), 5, 10, 32, Duration.ofSeconds(30), RuleExceptions.NONE);
    }

    public DetectSettings withModelAlertBurst(Duration quiet) {
        return new DetectSettings(stateTtl, explainTransitions, maxMarkovAlertsPerProcess, lossMemory, quiet, ruleExceptions);
    }

    public DetectSettings withRuleExceptions(RuleExceptions exceptions) {
        return new DetectSettings(stateTtl, explainTransitions, maxMarkovAlertsPerProcess, lossMemory, modelAlertBurst, exceptions);
    }
}
