package io.yalas.model.train;

/** Life cycle of a model: learning (alerts are informational), enforcing, retired (kept for comparison). */
public enum ModelState {
    LEARNING, ENFORCING, RETIRED
}
