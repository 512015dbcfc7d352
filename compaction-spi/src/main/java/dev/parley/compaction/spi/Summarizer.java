package dev.parley.compaction.spi;

import java.util.concurrent.CompletionStage;

/**
 * Turns conversation text into a summary. Implementations must be thread-safe (one instance serves every
 * session of an agent). The engine applies {@code parley.session.compaction.timeout}; an exceptional completion
 * (preferably with a {@link CompactionException}) fails the compaction and nothing is written.
 */
@FunctionalInterface
public interface Summarizer {
    /** @return a non-null stage completing with the summary text (an empty summary counts as a failure) */
    CompletionStage<String> summarize(SummaryRequest request);
}
