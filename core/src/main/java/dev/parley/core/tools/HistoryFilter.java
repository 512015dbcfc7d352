package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.parley.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Shapes transcript entries for another session's eyes (SPEC §9 {@code sessions_history}): tool traffic dropped
 * unless asked for, secrets redacted in every string, strings over {@link #MAX_TEXT} characters cut, and the whole
 * answer kept under {@link #MAX_BYTES} of UTF-8 JSON by dropping the oldest entries first. Pure: works on copies.
 */
final class HistoryFilter {
    static final int MAX_TEXT = 4000;
    static final int MAX_BYTES = 80 * 1024;
    /** Room for {@code {"status":"ok","entries":[],"truncated":true,"redacted":true}} and separators. */
    private static final int ENVELOPE = 128;
    static final String CUT = "…[truncated]";

    /** The filtered entries and what was done to them. */
    record Result(List<ObjectNode> entries, boolean truncated, boolean redacted) {
        ObjectNode toJson() {
            ObjectNode out = Json.object().put("status", "ok");
            out.putArray("entries").addAll(entries);
            return out.put("truncated", truncated).put("redacted", redacted);
        }
    }

    private boolean truncated;
    private boolean redacted;

    private HistoryFilter() {}

    static Result apply(List<ObjectNode> entries, boolean includeTools) {
        HistoryFilter f = new HistoryFilter();
        List<ObjectNode> kept = new ArrayList<>();
        for (ObjectNode e : entries) {
            ObjectNode copy = includeTools ? e.deepCopy() : withoutTools(e);
            if (copy != null) {
                kept.add((ObjectNode) f.clean(copy));
            }
        }
        return new Result(f.cap(kept), f.truncated, f.redacted);
    }

    /** A copy without tool calls, tool messages and tool blocks; null when nothing is left. */
    static ObjectNode withoutTools(ObjectNode e) {
        String type = e.path("type").asText();
        if (type.equals("tool_call")) {
            return null;
        }
        if (!type.equals("message")) {
            return e.deepCopy();
        }
        if (e.path("message").path("role").asText().equals("tool")) {
            return null;
        }
        ObjectNode copy = e.deepCopy();
        JsonNode content = copy.path("message").path("content");
        if (content instanceof ArrayNode blocks) {
            for (Iterator<JsonNode> it = blocks.elements(); it.hasNext(); ) {
                String block = it.next().path("type").asText();
                if (block.equals("tool_use") || block.equals("tool_result")) {
                    it.remove();
                }
            }
            if (blocks.isEmpty()) {
                return null;
            }
        }
        return copy;
    }

    /** Redacts and cuts every string value in the tree, in place. */
    private JsonNode clean(JsonNode node) {
        if (node.isTextual()) {
            return text(node.asText());
        }
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                f.setValue(clean(f.getValue()));
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, clean(a.get(i)));
            }
        }
        return node;
    }

    private TextNode text(String s) {
        String out = Redactor.redact(s);
        if (!out.equals(s)) {
            redacted = true;
        }
        if (out.length() > MAX_TEXT) {
            int end = Character.isHighSurrogate(out.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
            out = out.substring(0, end) + CUT;
            truncated = true;
        }
        return TextNode.valueOf(out);
    }

    /** The newest entries whose JSON fits {@link #MAX_BYTES} with the envelope, in seq order. */
    private List<ObjectNode> cap(List<ObjectNode> entries) {
        long total = ENVELOPE;
        int first = entries.size();
        while (first > 0) {
            long size = Json.toString(entries.get(first - 1)).getBytes(StandardCharsets.UTF_8).length + 1L;
            if (total + size > MAX_BYTES) {
                truncated = true;
                break;
            }
            total += size;
            first--;
        }
        return entries.subList(first, entries.size());
    }
}
