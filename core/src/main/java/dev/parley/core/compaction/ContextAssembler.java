package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.context.EntryViews;
import dev.parley.core.store.ViewSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the model's view (SPEC §3.1, §5): the summary in force, then the entries from its {@code firstKeptSeq}
 * with its trims applied (a reset's notice first). When the view is still over budget, the oldest whole turns
 * are left out and {@code overBudget} is reported.
 */
final class ContextAssembler {
    private static final String MARKER = "\n…[trimmed %d characters]…\n";

    private ContextAssembler() {}

    static ContextView assemble(ViewSnapshot v, ContextBudget budget, TokenEstimator est) {
        ObjectNode compact = v.lastCompact();
        Map<Long, List<JsonNode>> trims = new HashMap<>();
        String summary = null;
        List<String> chunks = null;
        long tokens = 0;
        if (compact != null) {
            summary = compact.path("summary").asText("");
            chunks = new ArrayList<>();
            for (JsonNode c : compact.path("summaryChunks")) {
                chunks.add(c.asText());
            }
            for (JsonNode t : compact.path("trims")) {
                trims.computeIfAbsent(t.path("seq").asLong(), k -> new ArrayList<>()).add(t);
            }
            tokens += est.estimate(summary);
        }
        List<List<ObjectNode>> turns = new ArrayList<>();
        List<ObjectNode> current = new ArrayList<>();
        for (ObjectNode e : v.entries()) {
            boolean resetNotice = e.path("type").asText().equals("reset") && e.hasNonNull("notice");
            if (!EntryViews.inView(e) && !resetNotice) {
                continue;
            }
            ObjectNode shown = trims.containsKey(e.path("seq").asLong()) ? trim(e, trims.get(e.path("seq").asLong())) : e;
            if (EntryViews.startsTurn(shown) && !current.isEmpty()) {
                turns.add(current);
                current = new ArrayList<>();
            }
            current.add(shown);
        }
        if (!current.isEmpty()) {
            turns.add(current);
        }
        long[] turnTokens = new long[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
            for (ObjectNode e : turns.get(i)) {
                turnTokens[i] += EntryViews.tokens(e, est);
            }
            tokens += turnTokens[i];
        }
        int first = 0;
        boolean over = tokens > budget.availableForHistory();
        long shownTokens = tokens;
        while (shownTokens > budget.availableForHistory() && first < turns.size() - 1) {
            shownTokens -= turnTokens[first++];
        }
        List<ObjectNode> out = new ArrayList<>();
        for (int i = first; i < turns.size(); i++) {
            out.addAll(turns.get(i));
        }
        return new ContextView(v.sessionKey(), budget.contextWindow(), budget.reserve(), budget.availableForHistory(),
                shownTokens, over, summary, chunks, out);
    }

    /** A copy of {@code e} with the trimmed tool-result blocks shortened to head + marker + tail. */
    private static ObjectNode trim(ObjectNode e, List<JsonNode> trims) {
        ObjectNode copy = e.deepCopy();
        JsonNode content = copy.path("message").path("content");
        if (!content.isArray()) {
            return copy;
        }
        ArrayNode blocks = (ArrayNode) content;
        List<ObjectNode> results = new ArrayList<>();
        for (JsonNode b : blocks) {
            if (b instanceof ObjectNode o && o.path("type").asText().equals("tool_result")) {
                results.add(o);
            }
        }
        for (JsonNode t : trims) {
            // blockIndex counts tool results (Entry.toolResults()), not all content blocks.
            int i = t.path("blockIndex").asInt(-1);
            if (i < 0 || i >= results.size()) {
                continue;
            }
            ObjectNode b = results.get(i);
            String text = b.path("content").asText("");
            int head = Math.min(t.path("headChars").asInt(), text.length());
            int tail = Math.min(t.path("tailChars").asInt(), text.length() - head);
            if (head + tail < text.length()) {
                b.put("content", text.substring(0, head) + String.format(MARKER, text.length() - head - tail)
                        + text.substring(text.length() - tail));
            }
        }
        return copy;
    }
}
