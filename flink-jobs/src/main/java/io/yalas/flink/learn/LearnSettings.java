package io.yalas.flink.learn;

import io.yalas.model.alphabet.EventAlphabet;
import io.yalas.model.markov.ModelConfig;

import java.io.Serializable;
import java.util.Objects;

/**
 * What the learn job needs to know beyond its events.
 *
 * @param config    model hyper-parameters (the library's defaults unless the user overrides them)
 * @param testSuite name of the test suite that drove the application, recorded as provenance
 * @param alphabet  how events become symbols; recorded in every model, so detection needs no copy of it
 */
public record LearnSettings(int maxOrder, int pruneMinCount, int window, double targetFpr, String testSuite, EventAlphabet alphabet)
        implements Serializable {
    public LearnSettings {
        Objects.requireNonNull(alphabet, "alphabet");
    }

    public static LearnSettings defaults(String testSuite) {
        ModelConfig d = ModelConfig.DEFAULT;
        return new LearnSettings(d.maxOrder(), d.pruneMinCount(), d.window(), d.targetFpr(), testSuite, EventAlphabet.DEFAULT);
    }

    public LearnSettings withWindow(int w) {
        return new LearnSettings(maxOrder, pruneMinCount, w, targetFpr, testSuite, alphabet);
    }

    public LearnSettings withAlphabet(EventAlphabet a) {
        return new LearnSettings(maxOrder, pruneMinCount, window, targetFpr, testSuite, a);
    }

    ModelConfig modelConfig() {
        return ModelConfig.DEFAULT.withMaxOrder(maxOrder).withPruneMinCount(pruneMinCount).withWindow(window).withTargetFpr(targetFpr);
    }
}
