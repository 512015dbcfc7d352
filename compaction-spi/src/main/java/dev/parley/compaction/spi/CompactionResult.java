package dev.parley.compaction.spi;

import java.util.List;

/**
 * What a compactor proposes. A result never mutates the transcript: the engine validates it (tool pairs, recent
 * turns, token counts, the quality gate) and, if it passes, appends exactly one {@code compact} entry.
 */
public sealed interface CompactionResult permits CompactionResult.Changed, CompactionResult.Unchanged {

    /**
     * The history shrinks: the model will see {@code summary} (as {@code summaryChunks}), then the entries from
     * {@code firstKeptSeq} on with {@code trims} applied.
     *
     * @param summary       the new summary (folding in the previous one); never null, may be empty only for prune
     * @param summaryChunks the summary split into paragraph-sized chunks; never null
     * @param firstKeptSeq  seq of the first entry kept verbatim; must start a turn of the request
     * @param turnsRemoved  number of whole turns no longer in the view
     * @param tokensBefore  estimate of the view before
     * @param tokensAfter   estimate of the view after; never more than {@code tokensBefore}
     * @param trims         tool results shortened in the kept part; never null
     * @param note          one line for humans (what was dropped, identifiers kept), or null
     */
    record Changed(String summary, List<String> summaryChunks, long firstKeptSeq, int turnsRemoved,
                   int tokensBefore, int tokensAfter, List<Trim> trims, String note) implements CompactionResult {
        public Changed {
            Checks.notNull(summary, "summary");
            summaryChunks = List.copyOf(Checks.notNull(summaryChunks, "summaryChunks"));
            Checks.nonNegative(firstKeptSeq, "firstKeptSeq");
            Checks.nonNegative(turnsRemoved, "turnsRemoved");
            Checks.nonNegative(tokensBefore, "tokensBefore");
            Checks.nonNegative(tokensAfter, "tokensAfter");
            trims = List.copyOf(Checks.notNull(trims, "trims"));
        }
    }

    /** Nothing to do (e.g. everything is within the recent turns); {@code notice} says why. */
    record Unchanged(String notice) implements CompactionResult {
        public Unchanged {
            Checks.notNull(notice, "notice");
        }
    }
}
