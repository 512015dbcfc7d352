package dev.parley.core.transcript;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates client-sent entries of {@code sessions.append} (SPEC §3.1) before anything is written: the batch is
 * checked whole and rejected whole. Unknown extra fields are preserved; unknown types, roles and block types are
 * {@code INVALID_PARAMS} with {@code data.field} naming the offending path. Size: the serialized entry must fit
 * {@code parley.limits.max-message} ({@code ENTRY_TOO_LARGE}, {@code data.limit}).
 */
public final class EntryValidator {
    public static final int MAX_BATCH = 1000;
    private static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");
    private static final Set<String> RESET_REASONS = Set.of("idle", "daily", "manual", "expired");
    private static final Set<String> SETTINGS_SOURCES = Set.of("directive", "rpc", "reset", "import");

    private final int maxMessageBytes;

    public EntryValidator(int maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Returns deep copies of the entries, validated; throws on the first problem. */
    public List<ObjectNode> validate(List<?> entries) {
        if (entries == null || entries.isEmpty()) {
            throw ParleyException.invalidParams("entries", "entries must be a non-empty array");
        }
        if (entries.size() > MAX_BATCH) {
            throw ParleyException.invalidParams("entries", "at most " + MAX_BATCH + " entries per append");
        }
        Set<String> idempotencyKeys = new HashSet<>();
        var out = new java.util.ArrayList<ObjectNode>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            String at = "entries[" + i + "]";
            if (!(entries.get(i) instanceof ObjectNode e)) {
                throw ParleyException.invalidParams(at, at + " must be an object");
            }
            validateOne(e, at);
            JsonNode key = e.get("idempotencyKey");
            if (key != null && !idempotencyKeys.add(key.asText())) {
                throw ParleyException.invalidParams(at + ".idempotencyKey", "idempotencyKey repeated within one batch");
            }
            int size = Json.line(e).length;
            if (size > maxMessageBytes) {
                throw new ParleyException(ErrorCode.ENTRY_TOO_LARGE, at + " is " + size
                        + " bytes, over parley.limits.max-message", Map.of("limit", maxMessageBytes, "field", at));
            }
            out.add(e.deepCopy());
        }
        return out;
    }

    private void validateOne(ObjectNode e, String at) {
        if (e.has("seq")) {
            throw ParleyException.invalidParams(at + ".seq", "seq is assigned by Parley; do not send it");
        }
        JsonNode type = e.get("type");
        if (type == null || !type.isTextual()) {
            throw ParleyException.invalidParams(at + ".type", at + ".type must be a string");
        }
        optionalNonNegativeLong(e, "timestamp", at);
        optionalText(e, "idempotencyKey", at, 256);
        if (e.has("notice")) {
            throw ParleyException.invalidParams(at + ".notice", "notices are written only by Parley");
        }
        switch (type.asText()) {
            case "message" -> message(e, at);
            case "tool_call" -> {
                requiredText(e, "id", at);
                requiredText(e, "name", at);
                optionalText(e, "resultSummary", at, Integer.MAX_VALUE);
                optionalNonNegativeLong(e, "durationMs", at);
                optionalBoolean(e, "isError", at);
            }
            case "thinking" -> {
                requiredText(e, "text", at);
                optionalText(e, "signature", at, Integer.MAX_VALUE);
            }
            case "compact" -> {
                requiredText(e, "summary", at);
                if (!e.path("firstKeptSeq").canConvertToLong() || !e.get("firstKeptSeq").isIntegralNumber()) {
                    throw ParleyException.invalidParams(at + ".firstKeptSeq", "firstKeptSeq must be an integer");
                }
                JsonNode chunks = e.get("summaryChunks");
                if (chunks != null && !chunks.isArray()) {
                    throw ParleyException.invalidParams(at + ".summaryChunks", "summaryChunks must be an array");
                }
            }
            case "reset" -> {
                JsonNode reason = e.get("reason");
                if (reason == null || !RESET_REASONS.contains(reason.asText()) || !reason.isTextual()) {
                    throw ParleyException.invalidParams(at + ".reason", "reason must be one of " + RESET_REASONS);
                }
                optionalText(e, "notice", at, Integer.MAX_VALUE);
            }
            case "settings" -> {
                JsonNode source = e.get("source");
                if (source == null || !source.isTextual() || !SETTINGS_SOURCES.contains(source.asText())) {
                    throw ParleyException.invalidParams(at + ".source", "source must be one of " + SETTINGS_SOURCES);
                }
                if (!(e.get("changes") instanceof ObjectNode)) {
                    throw ParleyException.invalidParams(at + ".changes", "changes must be an object");
                }
            }
            case "session", "repaired" -> throw ParleyException.invalidParams(at + ".type",
                    "entries of type '" + type.asText() + "' are written only by Parley");
            default -> throw ParleyException.invalidParams(at + ".type", "unknown entry type '" + type.asText()
                    + "' (message, tool_call, thinking, compact, reset, settings)");
        }
    }

    private static void message(ObjectNode e, String at) {
        if (!(e.get("message") instanceof ObjectNode msg)) {
            throw ParleyException.invalidParams(at + ".message", "message must be an object");
        }
        JsonNode role = msg.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            throw ParleyException.invalidParams(at + ".message.role", "role must be one of " + ROLES);
        }
        JsonNode content = msg.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw ParleyException.invalidParams(at + ".message.content", "content must be a string or an array of blocks");
        }
        if (content.isArray()) {
            for (int b = 0; b < content.size(); b++) {
                block(content.get(b), at + ".message.content[" + b + "]");
            }
        }
        if (e.has("sender")) {
            if (!(e.get("sender") instanceof ObjectNode sender)) {
                throw ParleyException.invalidParams(at + ".sender", "sender must be an object");
            }
            requiredText(sender, "id", at + ".sender");
            optionalText(sender, "name", at + ".sender", Integer.MAX_VALUE);
        }
        if (e.has("provenance")) {
            if (!(e.get("provenance") instanceof ObjectNode p) || !"inter_session".equals(p.path("kind").asText())) {
                throw ParleyException.invalidParams(at + ".provenance", "provenance must be {kind:\"inter_session\", …}");
            }
            requiredText(p, "sourceSessionKey", at + ".provenance");
            optionalNonNegativeLong(p, "hops", at + ".provenance");
        }
        optionalBoolean(e, "delivered", at);
    }

    private static void block(JsonNode block, String at) {
        if (!(block instanceof ObjectNode b)) {
            throw ParleyException.invalidParams(at, "a content block must be an object");
        }
        String type = b.path("type").asText("");
        switch (type) {
            case "text" -> requiredText(b, "text", at);
            case "image" -> {
                if (!b.path("url").isTextual() && !b.path("ref").isTextual()) {
                    throw ParleyException.invalidParams(at + ".url", "an image block needs url or ref (never bytes)");
                }
                if (b.has("data") || b.has("bytes")) {
                    throw ParleyException.invalidParams(at + ".data", "image bytes are not stored; send url or ref");
                }
                optionalText(b, "mediaType", at, 255);
            }
            case "tool_use" -> {
                requiredText(b, "id", at);
                requiredText(b, "name", at);
            }
            case "tool_result" -> {
                requiredText(b, "toolUseId", at);
                optionalBoolean(b, "isError", at);
            }
            default -> throw ParleyException.invalidParams(at + ".type",
                    "unknown block type '" + type + "' (text, image, tool_use, tool_result)");
        }
    }

    private static void requiredText(ObjectNode o, String f, String at) {
        JsonNode n = o.get(f);
        if (n == null || !n.isTextual()) {
            throw ParleyException.invalidParams(at + "." + f, at + "." + f + " must be a string");
        }
    }

    private static void optionalText(ObjectNode o, String f, String at, int maxLen) {
        JsonNode n = o.get(f);
        if (n != null && (!n.isTextual() || n.asText().length() > maxLen)) {
            throw ParleyException.invalidParams(at + "." + f, at + "." + f + " must be a string"
                    + (maxLen < Integer.MAX_VALUE ? " of at most " + maxLen + " characters" : ""));
        }
    }

    private static void optionalBoolean(ObjectNode o, String f, String at) {
        JsonNode n = o.get(f);
        if (n != null && !n.isBoolean()) {
            throw ParleyException.invalidParams(at + "." + f, at + "." + f + " must be a boolean");
        }
    }

    private static void optionalNonNegativeLong(ObjectNode o, String f, String at) {
        JsonNode n = o.get(f);
        if (n != null && (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < 0)) {
            throw ParleyException.invalidParams(at + "." + f, at + "." + f + " must be a non-negative integer");
        }
    }
}
