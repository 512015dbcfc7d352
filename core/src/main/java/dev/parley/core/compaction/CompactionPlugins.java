package dev.parley.core.compaction;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;

/**
 * What the engine needs from the plugin registry: one instance per (provider, agent), already guarded (timeouts,
 * exceptions turned into {@link dev.parley.compaction.spi.CompactionException}s naming the plugin; estimators
 * falling back to {@code heuristic}).
 */
public interface CompactionPlugins {
    Compactor compactor(String name, String agentId);

    Summarizer summarizer(String name, String agentId);

    TokenEstimator estimator(String name, String agentId);

    /** "name (source)" for error messages, e.g. {@code auto (built-in)} or {@code acme (acme-compactor.jar)}. */
    String describe(String kind, String name);
}
