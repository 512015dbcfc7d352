package dev.parley.compaction.prune;

import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.PreviousSummary;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.Trim;
import dev.parley.compaction.spi.Turn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Prunes a history in two passes over the turns outside the recent N (the "prunable" turns), oldest first:
 * <ol>
 *   <li>trim every tool result longer than {@code maxToolResultChars} to its head and tail until the view fits;</li>
 *   <li>if it still does not fit, drop whole turns from the oldest on, stopping at a turn that holds a system
 *       entry (the system prompt is never dropped). Trims inside dropped turns go with them.</li>
 * </ol>
 * The newest turn is always kept, even with {@code keepRecentTurns = 0}: it holds the request the model answers.
 * A {@link Trim}'s {@code blockIndex} is the index into {@link Entry#toolResults()}. Token savings of a trim are
 * estimated with the request's estimator on head + a stand-in marker + tail. Stateless and therefore thread-safe.
 */
final class PruneCompactor implements Compactor {
    static final int DEFAULT_MAX_TOOL_RESULT_CHARS = 4000;
    static final int MIN_TOOL_RESULT_CHARS = 64;

    private final int maxToolResultChars;

    PruneCompactor(int maxToolResultChars) {
        this.maxToolResultChars = maxToolResultChars;
    }

    @Override
    public CompletionStage<CompactionResult> compact(CompactionRequest request) {
        return CompletableFuture.completedFuture(prune(request));
    }

    CompactionResult prune(CompactionRequest request) {
        List<Turn> turns = request.turns();
        if (turns.isEmpty()) {
            return new CompactionResult.Unchanged("Nothing to prune: the history is empty");
        }
        TokenEstimator estimator = request.estimator();
        PreviousSummary previous = request.previousSummary();
        int summaryTokens = previous == null ? 0 : estimator.estimate(previous.text());
        int before = request.historyTokens() + summaryTokens;
        int budget = request.availableForHistory();
        int keep = Math.max(1, Math.min(request.settings().keepRecentTurns(), turns.size()));
        int prunable = turns.size() - keep;
        if (prunable == 0) {
            return new CompactionResult.Unchanged("Nothing to prune: all " + turns.size()
                    + " turns are recent turns");
        }
        if (before <= budget) {
            return new CompactionResult.Unchanged("Nothing to prune: the history fits (" + before + " of "
                    + budget + " tokens)");
        }

        // Pass 1: trim oversized tool results in the prunable turns, oldest first, until the view fits.
        List<List<Trim>> trims = new ArrayList<>(prunable);
        int[] saved = new int[prunable];
        int after = before;
        for (int t = 0; t < prunable; t++) {
            List<Trim> turnTrims = new ArrayList<>();
            for (Entry entry : turns.get(t).entries()) {
                if (after > budget) {
                    int s = trimEntry(entry, estimator, turnTrims);
                    saved[t] += s;
                    after -= s;
                }
            }
            trims.add(turnTrims);
        }

        // Pass 2: drop whole turns from the oldest on; never one that holds a system entry.
        int cut = 0;
        int droppedTokens = 0;
        boolean blockedBySystem = false;
        while (cut < prunable && after > budget) {
            Turn turn = turns.get(cut);
            if (holdsSystemEntry(turn)) {
                blockedBySystem = true;
                break;
            }
            droppedTokens += turn.tokens();
            after -= turn.tokens() - saved[cut];
            cut++;
        }

        List<Trim> keptTrims = new ArrayList<>();
        int trimmedTokens = 0;
        for (int t = cut; t < prunable; t++) {
            keptTrims.addAll(trims.get(t));
            trimmedTokens += saved[t];
        }
        if (cut == 0 && keptTrims.isEmpty()) {
            return new CompactionResult.Unchanged(blockedBySystem
                    ? "Nothing to prune: the oldest turn holds the system prompt"
                    : "Nothing to prune outside the recent turns");
        }
        String summary = previous == null ? "" : previous.text();
        List<String> chunks = previous == null ? List.of() : previous.chunks();
        String note = note(turns, cut, droppedTokens, keptTrims.size(), trimmedTokens, after > budget);
        return new CompactionResult.Changed(summary, chunks, turns.get(cut).firstSeq(), cut, before, after,
                keptTrims, note);
    }

    /** Adds a trim for each oversized tool result of {@code entry}; returns the tokens saved (at most its own). */
    private int trimEntry(Entry entry, TokenEstimator estimator, List<Trim> out) {
        int saved = 0;
        List<ToolResult> results = entry.toolResults();
        for (int i = 0; i < results.size(); i++) {
            String content = results.get(i).content();
            if (content.length() <= maxToolResultChars) {
                continue;
            }
            Trim trim = trimOf(entry.seq(), i, content);
            String kept = content.substring(0, trim.headChars())
                    + marker(content.length() - trim.headChars() - trim.tailChars())
                    + content.substring(content.length() - trim.tailChars());
            int s = estimator.estimate(content) - estimator.estimate(kept);
            if (s > 0) {
                out.add(trim);
                saved += s;
            }
        }
        return Math.min(saved, entry.tokens());
    }

    /** Head and tail of half the limit each, never splitting a surrogate pair. */
    Trim trimOf(long seq, int blockIndex, String content) {
        int head = maxToolResultChars / 2;
        int tail = maxToolResultChars - head;
        if (Character.isHighSurrogate(content.charAt(head - 1))) {
            head--;
        }
        if (Character.isLowSurrogate(content.charAt(content.length() - tail))) {
            tail--;
        }
        return new Trim(seq, blockIndex, head, tail);
    }

    /** Stands in for the marker the engine puts between head and tail, for the token estimate only. */
    private static String marker(int cutChars) {
        return "\n[… " + cutChars + " characters trimmed …]\n";
    }

    private static boolean holdsSystemEntry(Turn turn) {
        for (Entry e : turn.entries()) {
            if (e.system()) {
                return true;
            }
        }
        return false;
    }

    private static String note(List<Turn> turns, int cut, int droppedTokens, int trimCount, int trimmedTokens,
                               boolean overBudget) {
        StringBuilder sb = new StringBuilder("prune:");
        if (cut > 0) {
            List<Entry> last = turns.get(cut - 1).entries();
            sb.append(" dropped ").append(cut).append(cut == 1 ? " turn" : " turns").append(" (seq ")
                    .append(turns.get(0).firstSeq()).append('-').append(last.get(last.size() - 1).seq())
                    .append(", ").append(droppedTokens).append(" tokens)");
        }
        if (trimCount > 0) {
            sb.append(cut > 0 ? ";" : "").append(" trimmed ").append(trimCount)
                    .append(trimCount == 1 ? " tool result" : " tool results").append(" (")
                    .append(trimmedTokens).append(" tokens)");
        }
        if (overBudget) {
            sb.append("; still over budget");
        }
        return sb.toString();
    }
}
