package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One OpenClaw transcript line → the Parley entries it stands for (without {@code seq}). A line that carries a
 * {@code parley} array (written by Parley's export when its own mapping would lose something) is replaced by those
 * entries. OpenClaw lines Parley has no type for (a foreign {@code custom}, an unknown type) become a
 * {@code settings} entry with no changes that keeps the line under {@value #FOREIGN}: invisible to the model,
 * and written back out verbatim.
 *
 * <p>Problems are {@link IllegalArgumentException}s with a message; the importer adds the file and line.
 */
final class FromOpenClaw {
    /** The extra field of a Parley entry that holds an OpenClaw line Parley has no type for. */
    static final String FOREIGN = "openclawEntry";
    /** The extra field of an OpenClaw line holding the exact Parley entries it was exported from. */
    static final String PATCH = "parley";

    private final Function<String, Long> seqOf;
    private final Map<String, JsonNode> overrides;

    /** {@code seqOf}: the seq of the first entry made from an earlier line id; {@code overrides}: current values. */
    FromOpenClaw(Function<String, Long> seqOf, Map<String, JsonNode> overrides) {
        this.seqOf = seqOf;
        this.overrides = overrides;
    }

    List<ObjectNode> entries(ObjectNode line) {
        if (line.get(PATCH) instanceof ArrayNode patch) {
            List<ObjectNode> out = new ArrayList<>();
            for (JsonNode e : patch) {
                if (!(e instanceof ObjectNode o)) {
                    throw new IllegalArgumentException("parley must hold entry objects");
                }
                out.add(o.deepCopy());
            }
            return out;
        }
        long ts = timestamp(line);
        String type = line.path("type").asText("");
        return switch (type) {
            case "message" -> message(line, ts);
            case "compaction" -> List.of(compaction(line, ts));
            case "model_change" -> List.of(settings(ts, "model",
                    text(line, "provider") + "/" + text(line, "modelId")));
            case "thinking_level_change" -> List.of(settings(ts, "thinkingLevel", text(line, "thinkingLevel")));
            case "custom" -> List.of(custom(line, ts));
            case "" -> throw new IllegalArgumentException("type is missing");
            default -> List.of(foreign(line, ts));
        };
    }

    static long timestamp(ObjectNode line) {
        JsonNode t = line.get("timestamp");
        if (t != null && t.isIntegralNumber()) {
            return t.asLong();
        }
        try {
            return Instant.parse(t == null ? "" : t.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("timestamp must be an ISO-8601 instant");
        }
    }

    private static String text(ObjectNode o, String field) {
        if (!o.path(field).isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return o.get(field).asText();
    }

    private List<ObjectNode> message(ObjectNode line, long lineTs) {
        if (!(line.get("message") instanceof ObjectNode in)) {
            throw new IllegalArgumentException("message must be an object");
        }
        ObjectNode m = in.deepCopy();
        long ts = m.path("timestamp").isIntegralNumber() ? m.get("timestamp").asLong() : lineTs;
        m.remove("timestamp");
        JsonNode provenance = m.remove("provenance");
        List<ObjectNode> out = new ArrayList<>();
        switch (m.path("role").asText()) {
            case "user" -> {
                if (m.path("content").isArray()) {
                    m.set("content", blocks((ArrayNode) m.get("content"), out, ts));
                }
            }
            case "assistant" -> m.set("content", m.path("content").isArray()
                    ? blocks((ArrayNode) m.get("content"), out, ts) : m.path("content"));
            case "toolResult" -> m = toolResult(m, ts, out);
            default -> throw new IllegalArgumentException("message.role must be user, assistant or toolResult");
        }
        ObjectNode e = Json.object().put("type", "message").put("timestamp", ts);
        e.set("message", m);
        if (provenance != null) {
            e.set("provenance", provenance);
        }
        out.add(e);
        return out;
    }

    private ObjectNode toolResult(ObjectNode m, long ts, List<ObjectNode> thinking) {
        ObjectNode r = Json.object().put("type", "tool_result").put("toolUseId", text(m, "toolCallId"));
        if (m.has("toolName")) {
            r.set("toolName", m.get("toolName"));
        }
        JsonNode content = m.path("content");
        r.set("content", content.isArray() ? blocks((ArrayNode) content, thinking, ts) : content);
        r.put("isError", m.path("isError").asBoolean(false));
        ObjectNode out = m.deepCopy();
        out.remove(List.of("toolCallId", "toolName", "isError"));
        out.put("role", "tool");
        out.putArray("content").add(r);
        return out;
    }

    /** OpenClaw blocks → Parley blocks; thinking blocks become {@code thinking} entries before the message. */
    private static ArrayNode blocks(ArrayNode in, List<ObjectNode> thinking, long ts) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (JsonNode b : in) {
            switch (b.path("type").asText()) {
                case "toolCall" -> {
                    ObjectNode u = out.addObject().put("type", "tool_use").put("id", b.path("id").asText())
                            .put("name", b.path("name").asText());
                    u.set("input", b.has("arguments") ? b.get("arguments") : Json.object());
                }
                case "thinking" -> {
                    ObjectNode t = Json.object().put("type", "thinking").put("timestamp", ts)
                            .put("text", b.path("thinking").asText());
                    if (b.path("thinkingSignature").isTextual()) {
                        t.set("signature", b.get("thinkingSignature"));
                    }
                    thinking.add(t);
                }
                case "text", "tool_use", "tool_result" -> out.add(b.deepCopy());
                case "image" -> out.add(b.has("url") || b.has("ref") ? b.deepCopy()
                        : Json.object().put("type", "text").put("text", "[image omitted on import]"));
                default -> out.add(Json.object().put("type", "text")
                        .put("text", "[" + b.path("type").asText("unknown") + " block omitted on import]"));
            }
        }
        return out;
    }

    private ObjectNode compaction(ObjectNode line, long ts) {
        String kept = text(line, "firstKeptEntryId");
        Long seq = seqOf.apply(kept);
        if (seq == null) {
            throw new IllegalArgumentException("firstKeptEntryId " + kept + " names no earlier entry");
        }
        ObjectNode e = Json.object().put("type", "compact").put("timestamp", ts).put("summary", text(line, "summary"))
                .put("firstKeptSeq", seq);
        if (line.path("tokensBefore").isIntegralNumber()) {
            e.set("tokensBefore", line.get("tokensBefore"));
        }
        return e;
    }

    private ObjectNode settings(long ts, String field, String value) {
        ObjectNode e = Json.object().put("type", "settings").put("timestamp", ts).put("source", "import");
        ObjectNode change = e.putObject("changes").putObject(field);
        change.set("old", overrides.getOrDefault(field, Json.MAPPER.nullNode()));
        change.put("new", value);
        return e;
    }

    private static ObjectNode custom(ObjectNode line, long ts) {
        String customType = text(line, "customType");
        if (customType.startsWith("parley.") && line.get("data") instanceof ObjectNode data) {
            ObjectNode e = data.deepCopy();
            e.put("type", customType.substring("parley.".length()));
            if (!e.has("timestamp")) {
                e.put("timestamp", ts);
            }
            return e;
        }
        return foreign(line, ts);
    }

    private static ObjectNode foreign(ObjectNode line, long ts) {
        ObjectNode e = Json.object().put("type", "settings").put("timestamp", ts).put("source", "import");
        e.putObject("changes");
        ObjectNode kept = line.deepCopy();
        kept.remove(List.of("id", "parentId", "timestamp"));
        e.set(FOREIGN, kept);
        return e;
    }
}
