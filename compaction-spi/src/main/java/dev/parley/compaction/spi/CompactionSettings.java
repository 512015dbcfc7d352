package dev.parley.compaction.spi;

/**
 * The settings that apply to one compaction.
 *
 * @param keepRecentTurns  the last N turns are never summarised or pruned
 * @param summaryMaxTokens upper bound for the summary
 * @param adaptiveChunking whether to chunk input and output (SPEC §6)
 * @param instructions     extra focus from {@code /compact <instructions>}, or null
 */
public record CompactionSettings(int keepRecentTurns, int summaryMaxTokens, boolean adaptiveChunking,
                                 String instructions) {
    public CompactionSettings {
        Checks.nonNegative(keepRecentTurns, "keepRecentTurns");
        if (summaryMaxTokens <= 0) {
            throw new IllegalArgumentException("summaryMaxTokens must be positive: " + summaryMaxTokens);
        }
    }
}
