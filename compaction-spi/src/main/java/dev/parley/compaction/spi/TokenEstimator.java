package dev.parley.compaction.spi;

/**
 * Estimates how many model tokens a text takes. Must be fast and pure: it is called on the hot path without a
 * timeout. Implementations must be thread-safe. An estimator that throws is replaced by the built-in
 * {@code heuristic} for that call.
 */
@FunctionalInterface
public interface TokenEstimator {
    /** @param text never null; returns a non-negative count */
    int estimate(String text);
}
