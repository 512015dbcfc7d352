package dev.parley.compaction.spi;

import java.util.Map;

/**
 * Factory for a {@link Compactor}, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.parley.compaction.spi.CompactorProvider}) on the class path or in a jar under
 * {@code <stateDir>/plugins/}. Needs a public no-arg constructor. Selected by {@code name()} with
 * {@code parley.session.compaction.mode=<name>}.
 */
public interface CompactorProvider {
    /** Unique name among compactors; built-ins are {@code auto}, {@code prune}, {@code manual}. */
    String name();

    String description();

    /**
     * @param config keys under {@code parley.compactors.<name>.*} (prefix stripped), overlaid per agent; never null
     * @throws IllegalArgumentException when the configuration is invalid (startup fails with its message)
     */
    Compactor create(Map<String, String> config);
}
