package dev.parley.core.compaction.registry;

import java.util.List;

/**
 * The result of {@code compaction.strategies} (SPEC §6): every registered provider by kind, each list sorted by
 * name.
 */
public record Strategies(List<StrategyInfo> compactors, List<StrategyInfo> summarizers,
                         List<StrategyInfo> estimators) {
    public Strategies {
        compactors = List.copyOf(compactors);
        summarizers = List.copyOf(summarizers);
        estimators = List.copyOf(estimators);
    }
}
