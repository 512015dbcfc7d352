package dev.parley.core.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Turn;
import dev.parley.core.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns transcript entries into the SPI's read-only {@link Entry} views and groups them into {@link Turn}s
 * (SPEC §5: a turn starts at a user message whose content is not only tool results; entries before the first
 * such message form turn 0). Entries that are not part of the model's view (header, compact, reset, settings,
 * repaired) are skipped.
 */
public final class EntryViews {
    private static final int TOOL_OVERHEAD = 4;

    private EntryViews() {}

    /** Whether the entry is shown to the model. */
    public static boolean inView(ObjectNode e) {
        return switch (e.path("type").asText()) {
            case "message", "tool_call", "thinking" -> true;
            default -> false;
        };
    }

    /** True for a user message that starts a turn. */
    public static boolean startsTurn(ObjectNode e) {
        if (!e.path("type").asText().equals("message") || !e.path("message").path("role").asText().equals("user")) {
            return false;
        }
        JsonNode content = e.path("message").path("content");
        if (!content.isArray() || content.isEmpty()) {
            return true;
        }
        for (JsonNode b : content) {
            if (!b.path("type").asText().equals("tool_result")) {
                return true;
            }
        }
        return false;
    }

    public static Entry view(ObjectNode e, TokenEstimator estimator) {
        String type = e.path("type").asText();
        String role = type.equals("message") ? e.path("message").path("role").asText(null) : null;
        StringBuilder text = new StringBuilder();
        List<ToolUse> uses = new ArrayList<>();
        List<ToolResult> results = new ArrayList<>();
        int tokens = 0;
        switch (type) {
            case "message" -> {
                JsonNode content = e.path("message").path("content");
                if (content.isTextual()) {
                    text.append(content.asText());
                } else {
                    for (JsonNode b : content) {
                        blocks(b, text, uses, results);
                    }
                }
            }
            case "tool_call" -> {
                uses.add(new ToolUse(e.path("id").asText(), e.path("name").asText(), compact(e.get("arguments"))));
                if (e.hasNonNull("resultSummary")) {
                    text.append(e.get("resultSummary").asText());
                }
            }
            case "thinking" -> text.append(e.path("text").asText());
            default -> { }
        }
        tokens += estimator.estimate(text.toString());
        for (ToolUse u : uses) {
            tokens += estimator.estimate(u.name()) + estimator.estimate(u.input()) + TOOL_OVERHEAD;
        }
        for (ToolResult r : results) {
            tokens += estimator.estimate(r.content()) + TOOL_OVERHEAD;
        }
        boolean delivered = e.path("delivered").asBoolean(true);
        boolean system = "system".equals(role) && !e.path("notice").asBoolean(false);
        return new Entry(e.path("seq").asLong(), type, role, text.toString(), uses, results, Math.max(0, tokens),
                delivered, system);
    }

    private static void blocks(JsonNode b, StringBuilder text, List<ToolUse> uses, List<ToolResult> results) {
        switch (b.path("type").asText()) {
            case "text" -> {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append(b.path("text").asText());
            }
            case "image" -> {
                if (!text.isEmpty()) {
                    text.append("\n\n");
                }
                text.append("[image ").append(b.path("url").asText(b.path("ref").asText())).append(']');
            }
            case "tool_use" -> uses.add(new ToolUse(b.path("id").asText(), b.path("name").asText(),
                    compact(b.get("input"))));
            case "tool_result" -> results.add(new ToolResult(b.path("toolUseId").asText(),
                    b.path("content").isTextual() ? b.path("content").asText() : compact(b.get("content")),
                    b.path("isError").asBoolean(false)));
            default -> { }
        }
    }

    private static String compact(JsonNode n) {
        return n == null || n.isNull() ? "{}" : Json.toString(n);
    }

    /** Groups view entries into turns, numbering them from {@code firstIndex}. */
    public static List<Turn> turns(List<ObjectNode> entries, TokenEstimator estimator) {
        List<Turn> turns = new ArrayList<>();
        List<Entry> current = new ArrayList<>();
        for (ObjectNode e : entries) {
            if (!inView(e)) {
                continue;
            }
            if (startsTurn(e) && !current.isEmpty()) {
                turns.add(new Turn(turns.size(), current));
                current = new ArrayList<>();
            }
            current.add(view(e, estimator));
        }
        if (!current.isEmpty()) {
            turns.add(new Turn(turns.size(), current));
        }
        return turns;
    }

    /** Token estimate of one transcript entry as the model sees it (0 for entries outside the view). */
    public static int tokens(ObjectNode e, TokenEstimator estimator) {
        return inView(e) ? view(e, estimator).tokens() : 0;
    }
}
