package io.yalas.model.markov;

/**
 * Hyper-parameters of a behaviour model. The defaults are the ones documented in the module README and
 * chosen on normal data only (held-out log-loss and held-out false-alarm rate), never on attacks.
 *
 * @param maxOrder          longest context, in symbols (1..16)
 * @param pruneMinCount     contexts of order >= 2 seen fewer times than this are dropped when compiling;
 *                          1 keeps everything
 * @param window            sliding-window length, in symbols, of the window score
 * @param targetFpr         false-alarm rate per process the alert threshold is derived for
 * @param folds             cross-validation folds used to learn the score distribution
 * @param completenessOrder order of the transitions whose Good-Turing unseen mass measures completeness
 * @param readyUnseenMass   largest unseen mass at which the model is ready to enforce
 * @param setNovelty        also learn the set-novelty detector (nearest training process's symbol set) and
 *                          combine both detectors' conformal p-values (Fisher); false = Markov only
 */
public record ModelConfig(int maxOrder, int pruneMinCount, int window, double targetFpr, int folds,
                          int completenessOrder, double readyUnseenMass, boolean setNovelty) {

    public static final ModelConfig DEFAULT = new ModelConfig(4, 3, 1000, 0.01, 5, 2, 0.01, true);

    /** The combined (Markov + set novelty) configuration. */
    public ModelConfig(int maxOrder, int pruneMinCount, int window, double targetFpr, int folds,
                       int completenessOrder, double readyUnseenMass) {
        this(maxOrder, pruneMinCount, window, targetFpr, folds, completenessOrder, readyUnseenMass, true);
    }

    public ModelConfig {
        if (maxOrder < 1 || maxOrder > 16) {
            throw new IllegalArgumentException("maxOrder must be in 1..16, got " + maxOrder);
        }
        if (pruneMinCount < 1) {
            throw new IllegalArgumentException("pruneMinCount must be >= 1, got " + pruneMinCount);
        }
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        if (!(targetFpr > 0 && targetFpr < 1)) {
            throw new IllegalArgumentException("targetFpr must be in (0,1), got " + targetFpr);
        }
        if (folds < 2) {
            throw new IllegalArgumentException("folds must be >= 2, got " + folds);
        }
        if (completenessOrder < 0 || completenessOrder > maxOrder) {
            throw new IllegalArgumentException("completenessOrder must be in 0..maxOrder, got " + completenessOrder);
        }
        if (!(readyUnseenMass > 0 && readyUnseenMass < 1)) {
            throw new IllegalArgumentException("readyUnseenMass must be in (0,1), got " + readyUnseenMass);
        }
    }

    public ModelConfig withMaxOrder(int order) {
        return new ModelConfig(order, pruneMinCount, window, targetFpr, folds, Math.min(completenessOrder, order), readyUnseenMass, setNovelty);
    }

    public ModelConfig withPruneMinCount(int min) {
        return new ModelConfig(maxOrder, min, window, targetFpr, folds, completenessOrder, readyUnseenMass, setNovelty);
    }

    public ModelConfig withWindow(int w) {
        return new ModelConfig(maxOrder, pruneMinCount, w, targetFpr, folds, completenessOrder, readyUnseenMass, setNovelty);
    }

    public ModelConfig withSetNovelty(boolean on) {
        return new ModelConfig(maxOrder, pruneMinCount, window, targetFpr, folds, completenessOrder, readyUnseenMass, on);
    }

    public ModelConfig withTargetFpr(double fpr) {
        return new ModelConfig(maxOrder, pruneMinCount, window, fpr, folds, completenessOrder, readyUnseenMass, setNovelty);
    }
}
