package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Parley entries → the body of one OpenClaw transcript line ({@code type} and its fields; the exporter adds
 * {@code id}, {@code parentId} and {@code timestamp}). A group is either one entry or a run of {@code thinking}
 * entries followed by the assistant message they become blocks of. Whatever has no OpenClaw form is a
 * {@code custom} line {@code parley.<type>} carrying the entry.
 */
final class ToOpenClaw {
    private final java.util.function.LongFunction<String> idsBySeq;
    private final Map<String, String> toolNames = new java.util.HashMap<>();

    /** {@code idsBySeq}: the line id written for each Parley seq so far (for {@code firstKeptEntryId}). */
    ToOpenClaw(java.util.function.LongFunction<String> idsBySeq) {
        this.idsBySeq = idsBySeq;
    }

    ObjectNode line(List<ObjectNode> group) {
        ObjectNode last = group.get(group.size() - 1);
        String type = last.path("type").asText();
        if (last.has(FromOpenClaw.FOREIGN)) {
            return last.get(FromOpenClaw.FOREIGN).deepCopy();
        }
        ObjectNode out = switch (type) {
            case "message" -> message(group, last);
            case "compact" -> compaction(last);
            case "settings" -> settings(last);
            default -> null;
        };
        return out != null ? out : custom(last);
    }

    static ObjectNode custom(ObjectNode entry) {
        ObjectNode out = Json.object().put("type", "custom")
                .put("customType", "parley." + entry.path("type").asText());
        ObjectNode data = entry.deepCopy();
        data.remove("seq");
        out.set("data", data);
        return out;
    }

    private ObjectNode message(List<ObjectNode> group, ObjectNode e) {
        ObjectNode msg = (ObjectNode) e.get("message");
        String role = msg.path("role").asText();
        ObjectNode m = msg.deepCopy();
        m.remove("timestamp");
        switch (role) {
            case "user" -> {
                if (m.get("content").isArray()) {
                    m.set("content", blocks((ArrayNode) m.get("content")));
                }
            }
            case "assistant" -> {
                ArrayNode content = Json.MAPPER.createArrayNode();
                for (ObjectNode t : group.subList(0, group.size() - 1)) {
                    ObjectNode b = content.addObject().put("type", "thinking").put("thinking", t.path("text").asText());
                    if (t.has("signature")) {
                        b.set("thinkingSignature", t.get("signature"));
                    }
                }
                if (m.get("content").isArray()) {
                    content.addAll(blocks((ArrayNode) m.get("content")));
                } else {
                    content.add(text(m.get("content").asText()));
                }
                m.set("content", content);
            }
            case "tool" -> {
                m = toolResult(m);
                if (m == null) {
                    return null;
                }
            }
            default -> {
                return null;
            }
        }
        m.put("timestamp", e.path("timestamp").asLong());
        if (e.has("provenance")) {
            m.set("provenance", e.get("provenance"));
        }
        ObjectNode out = Json.object().put("type", "message");
        out.set("message", m);
        return out;
    }

    private ObjectNode toolResult(ObjectNode m) {
        JsonNode content = m.get("content");
        if (!content.isArray() || content.size() != 1 || !"tool_result".equals(content.get(0).path("type").asText())) {
            return null;
        }
        ObjectNode r = (ObjectNode) content.get(0);
        ObjectNode out = m.deepCopy();
        out.remove("content");
        out.put("role", "toolResult").put("toolCallId", r.path("toolUseId").asText());
        String name = r.path("toolName").asText(toolNames.get(r.path("toolUseId").asText()));
        if (name != null) {
            out.put("toolName", name);
        }
        JsonNode inner = r.get("content");
        out.set("content", inner == null ? Json.MAPPER.createArrayNode()
                : inner.isArray() ? blocks((ArrayNode) inner) : Json.MAPPER.createArrayNode().add(text(inner.asText())));
        out.put("isError", r.path("isError").asBoolean(false));
        return out;
    }

    private ArrayNode blocks(ArrayNode in) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode b : in) {
            if ("tool_use".equals(b.path("type").asText())) {
                ObjectNode call = out.addObject().put("type", "toolCall").put("id", b.path("id").asText())
                        .put("name", b.path("name").asText());
                call.set("arguments", b.has("input") ? b.get("input") : Json.object());
                toolNames.put(b.path("id").asText(), b.path("name").asText());
            } else {
                out.add(b.deepCopy());
            }
        }
        return out;
    }

    private static ObjectNode text(String text) {
        return Json.object().put("type", "text").put("text", text);
    }

    private ObjectNode compaction(ObjectNode e) {
        String kept = idsBySeq.apply(e.path("firstKeptSeq").asLong());
        if (kept == null) {
            return null;
        }
        ObjectNode out = Json.object().put("type", "compaction").put("summary", e.path("summary").asText())
                .put("firstKeptEntryId", kept);
        out.put("tokensBefore", e.path("tokensBefore").asLong(0));
        return out;
    }

    private static ObjectNode settings(ObjectNode e) {
        JsonNode changes = e.path("changes");
        if (changes.size() != 1) {
            return null;
        }
        JsonNode model = changes.path("model").path("new");
        if (model.isTextual() && model.asText().indexOf('/') > 0) {
            String v = model.asText();
            int slash = v.indexOf('/');
            return Json.object().put("type", "model_change").put("provider", v.substring(0, slash))
                    .put("modelId", v.substring(slash + 1));
        }
        JsonNode level = changes.path("thinkingLevel").path("new");
        if (level.isTextual()) {
            return Json.object().put("type", "thinking_level_change").put("thinkingLevel", level.asText());
        }
        return null;
    }
}
