package dev.parley.compaction.spi;

import java.util.List;

/**
 * What to summarise.
 *
 * @param text            the conversation excerpt, one {@code role: text} paragraph per message; never null
 * @param previousSummary the summary this one must fold in, or null
 * @param instructions    extra focus from {@code /compact <instructions>}, or null
 * @param maxTokens       upper bound for the summary's size in tokens (positive)
 * @param mustKeep        identifiers and phrases the summary must contain verbatim (the quality gate checks them)
 */
public record SummaryRequest(String text, String previousSummary, String instructions, int maxTokens,
                             List<String> mustKeep) {
    public SummaryRequest {
        Checks.notNull(text, "text");
        if (maxTokens <= 0) {
            throw new IllegalArgumentException("maxTokens must be positive: " + maxTokens);
        }
        mustKeep = List.copyOf(Checks.notNull(mustKeep, "mustKeep"));
    }
}
