package dev.parley.compaction.spi;

import java.util.Map;

/**
 * Factory for a {@link TokenEstimator}, discovered with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/dev.parley.compaction.spi.TokenEstimatorProvider}). Needs a public no-arg constructor.
 */
public interface TokenEstimatorProvider {
    /** Unique name among estimators, e.g. {@code heuristic}; {@code [a-z0-9][a-z0-9_-]*}. */
    String name();

    /** One line for operators ({@code compaction.strategies}). */
    String description();

    /**
     * @param config the keys under {@code parley.estimators.<name>.*} with the prefix stripped; never null
     * @throws IllegalArgumentException when the configuration is invalid (startup fails with its message)
     */
    TokenEstimator create(Map<String, String> config);
}
