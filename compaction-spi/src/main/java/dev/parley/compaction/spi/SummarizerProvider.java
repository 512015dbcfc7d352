package dev.parley.compaction.spi;

import java.util.Map;

/**
 * Factory for a {@link Summarizer}, discovered with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.parley.compaction.spi.SummarizerProvider}). Needs a public no-arg constructor.
 */
public interface SummarizerProvider {
    /** Unique name among summarisers, e.g. {@code extractive}. */
    String name();

    String description();

    /**
     * @param config keys under {@code parley.summarizers.<name>.*} (prefix stripped), overlaid by the agent's
     *               {@code parley.agents.<id>.summarizers.<name>.*}; never null
     */
    Summarizer create(Map<String, String> config);
}
