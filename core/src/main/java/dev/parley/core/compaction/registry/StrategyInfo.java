package dev.parley.core.compaction.registry;

import static java.util.Objects.requireNonNull;

/**
 * One registered provider as {@code compaction.strategies} reports it.
 *
 * @param name        the name it is selected by
 * @param description one line for operators
 * @param source      the plugin jar's file name, or {@code built-in}
 */
public record StrategyInfo(String name, String description, String source) {
    public StrategyInfo {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(source, "source is null");
    }
}
