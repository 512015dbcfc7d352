package dev.parley.core.compaction;

/** Result of {@code sessions.compact}: {@code reason} says why nothing changed (e.g. {@code in_progress}). */
public record CompactOutcome(boolean compacted, int turnsRemoved, long tokensBefore, long tokensAfter, String reason,
                             String strategy) {
    static CompactOutcome notCompacted(String reason, String strategy) {
        return new CompactOutcome(false, 0, 0, 0, reason, strategy);
    }
}
