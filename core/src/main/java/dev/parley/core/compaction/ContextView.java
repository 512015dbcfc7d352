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

    /** The wire form of {@code sessions.context} and of a lease's {@code context}. */
    public ObjectNode toJson() {
        ObjectNode result = dev.parley.core.json.Json.object()
                .put("sessionKey", sessionKey)
                .put("contextWindow", contextWindow)
                .put("reserve", reserve)
                .put("availableForHistory", availableForHistory)
                .put("estimatedTokens", estimatedTokens)
                .put("overBudget", overBudget);
        if (summary == null) {
            result.putNull("summary");
        } else {
            var chunks = result.putObject("summary").put("text", summary).putArray("chunks");
            if (summaryChunks != null) {
                summaryChunks.forEach(chunks::add);
            }
        }
        result.putArray("entries").addAll(entries);
        return result;
    }
}
