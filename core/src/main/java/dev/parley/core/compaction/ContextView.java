package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code sessions.context} (SPEC §5): the model's view — budget figures, the summary in force (or null) and the
 * entries the model sees (trims applied), oldest whole turns dropped when still over budget.
 */
public record ContextView(String sessionKey, long contextWindow, long reserve, long availableForHistory,
                          long estimatedTokens, boolean overBudget, String summary, List<String> summaryChunks,
                          List<ObjectNode> entries) {
    public ContextView {
        summaryChunks = summaryChunks == null ? null : List.copyOf(summaryChunks);
        entries = List.copyOf(entries);
    }
}
