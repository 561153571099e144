package io.yalas.model.markov;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Maintains the Good-Turing figures incrementally while counts grow. Checkpoints are taken at every
 * doubling of the observations (from 1024 on), so the learning curve costs O(log N) memory however long
 * training runs, and "the trend" always compares against a model trained on half the data.
 */
final class CompletenessTracker {
    private static final long FIRST_CHECKPOINT = 1024;

    private final int order;
    private final List<Completeness.Checkpoint> checkpoints = new ArrayList<>();
    private long observations;
    private long singletons;
    private long nextCheckpoint = FIRST_CHECKPOINT;

    CompletenessTracker(int order) {
        this.order = order;
    }

    int order() {
        return order;
    }

    /** One observation at {@link #order()} whose transition count is now {@code countAfter}. */
    void observe(long countAfter) {
        observations++;
        if (countAfter == 1) {
            singletons++;
        } else if (countAfter == 2) {
            singletons--;
        }
        if (observations == nextCheckpoint) {
            checkpoints.add(new Completeness.Checkpoint(observations, unseenMass()));
            nextCheckpoint *= 2;
        }
    }

    Completeness snapshot(double readyUnseenMass) {
        double mass = unseenMass();
        double trend = Double.NaN;
        for (int i = checkpoints.size() - 1; i >= 0; i--) {
            if (checkpoints.get(i).observations() * 2 <= observations) {
                trend = mass - checkpoints.get(i).unseenMass();
                break;
            }
        }
        boolean converging = !Double.isNaN(trend) && trend <= 0;
        boolean ready = mass <= readyUnseenMass && converging;
        String reason = String.format(Locale.ROOT,
                "unseen-transition mass %.5f at order %d after %d observations (limit %.5f); change over the last doubling %s: %s",
                mass, order, observations, readyUnseenMass,
                Double.isNaN(trend) ? "unknown" : String.format(Locale.ROOT, "%+.5f", trend),
                ready ? "ready to enforce"
                        : mass > readyUnseenMass ? "keep learning: too many new transitions"
                        : "keep learning: not yet shown to converge");
        return new Completeness(order, observations, singletons, mass, trend, checkpoints, ready, reason);
    }

    private double unseenMass() {
        return observations == 0 ? 1.0 : (double) singletons / observations;
    }
}
