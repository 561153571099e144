package io.yalas.flink.learn;

import io.yalas.model.markov.ModelConfig;

import java.io.Serializable;

/**
 * What the learn job needs to know beyond its events.
 *
 * @param config    model hyper-parameters (the library's defaults unless the user overrides them)
 * @param testSuite name of the test suite that drove the application, recorded as provenance
 */
public record LearnSettings(int maxOrder, int pruneMinCount, int window, double targetFpr, String testSuite) implements Serializable {
    public static LearnSettings defaults(String testSuite) {
        ModelConfig d = ModelConfig.DEFAULT;
        return new LearnSettings(d.maxOrder(), d.pruneMinCount(), d.window(), d.targetFpr(), testSuite);
    }

    public LearnSettings withWindow(int w) {
        return new LearnSettings(maxOrder, pruneMinCount, w, targetFpr, testSuite);
    }

    ModelConfig modelConfig() {
        return ModelConfig.DEFAULT.withMaxOrder(maxOrder).withPruneMinCount(pruneMinCount).withWindow(window).withTargetFpr(targetFpr);
    }
}
