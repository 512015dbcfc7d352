package dev.parley.compaction.spi;

import java.util.List;

/**
 * Everything a {@link Compactor} gets. Immutable; a snapshot taken while appends go on.
 *
 * @param sessionKey          the session, for logging only
 * @param turns               the active history (after the last compaction's kept part) as ordered turns; may be empty
 * @param availableForHistory the token budget the model's view must fit (window − reserve)
 * @param settings            keep-recent-turns, summary size, chunking, instructions
 * @param reason              overflow or manual
 * @param previousSummary     the summary in force, or null; a new summary must fold it in
 * @param summarizer          the session's summariser (already wrapped with the engine's timeout)
 * @param estimator           the session's token estimator
 */
public record CompactionRequest(String sessionKey, List<Turn> turns, int availableForHistory,
                                CompactionSettings settings, CompactionReason reason,
                                PreviousSummary previousSummary, Summarizer summarizer,
                                TokenEstimator estimator) {
    public CompactionRequest {
        Checks.notNull(sessionKey, "sessionKey");
        turns = List.copyOf(Checks.notNull(turns, "turns"));
        Checks.nonNegative(availableForHistory, "availableForHistory");
        Checks.notNull(settings, "settings");
        Checks.notNull(reason, "reason");
        Checks.notNull(summarizer, "summarizer");
        Checks.notNull(estimator, "estimator");
    }

    /** Sum of the entries' token estimates (excluding the previous summary). */
    public int historyTokens() {
        int sum = 0;
        for (Turn t : turns) {
            sum += t.tokens();
        }
        return sum;
    }
}
