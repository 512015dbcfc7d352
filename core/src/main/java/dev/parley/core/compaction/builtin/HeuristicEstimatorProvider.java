package dev.parley.core.compaction.builtin;

import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.Map;

/**
 * The {@code heuristic} token estimator, the default (SPEC §5): about one token per four characters of ordinary
 * text, and one token per CJK character (Han, Hiragana, Katakana, Hangul, CJK punctuation and fullwidth forms).
 * It takes no configuration. It is also what the registry falls back to when another estimator throws.
 */
public final class HeuristicEstimatorProvider implements TokenEstimatorProvider {
    /** The name this estimator is registered under. */
    public static final String NAME = "heuristic";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public HeuristicEstimatorProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "About chars/4 for ordinary text, one token per CJK character; offline and fast";
    }

    @Override
    public TokenEstimator create(Map<String, String> config) {
        return HeuristicEstimator.INSTANCE;
    }

    /** The shared, stateless instance (the registry's fallback). */
    public static TokenEstimator estimator() {
        return HeuristicEstimator.INSTANCE;
    }
}
