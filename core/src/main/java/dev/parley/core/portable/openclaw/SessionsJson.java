package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.KeyKind;
import dev.parley.core.key.Scope;
import dev.parley.core.key.SessionKey;
import java.util.List;
import java.util.Set;

/**
 * One {@code sessions.json} entry, both ways. Fields Parley derives again from the transcript ({@code sessionId},
 * {@code updatedAt}, {@code sessionFile}, {@code chatType}, {@code compactionCount}) and Parley's own
 * ({@code parleySessionKey}, {@code parleySegments}) are not kept; settings Parley understands become overrides;
 * every other field is kept under {@code openclaw} in the transcript header and written back on export.
 */
final class SessionsJson {
    static final String HINT = "parleySessionKey";
    static final String SEGMENTS = "parleySegments";
    private static final Set<String> DERIVED = Set.of("sessionId", "updatedAt", "sessionFile", "chatType",
            "compactionCount", HINT, SEGMENTS);

    private SessionsJson() {
    }

    static ObjectNode entry(SessionKey key, ObjectNode metadata, ObjectNode header, List<String> ids, String dir,
                            long last) {
        String sessionId = ids.get(ids.size() - 1);
        ObjectNode e = Json.object().put("sessionId", sessionId);
        e.put("updatedAt", Math.max(metadata.path("lastActiveAt").asLong(0), last));
        e.put("sessionFile", dir + sessionId + ".jsonl");
        e.put("chatType", chatType(key));
        Settings.toSessionsJson(metadata.path("overrides"), e);
        if (metadata.path("compactionCount").isIntegralNumber()) {
            e.set("compactionCount", metadata.get("compactionCount"));
        }
        e.put(HINT, key.format());
        if (ids.size() > 1) {
            ids.subList(0, ids.size() - 1).forEach(e.putArray(SEGMENTS)::add);
        }
        if (header.get("openclaw") instanceof ObjectNode kept) {
            kept.fields().forEachRemaining(f -> {
                if (!e.has(f.getKey())) {
                    e.set(f.getKey(), f.getValue());
                }
            });
        }
        return e;
    }

    private static String chatType(SessionKey key) {
        if (key.kind() != KeyKind.PEER || key.scope() == Scope.DM) {
            return "direct";
        }
        return key.scope() == Scope.GROUP ? "group" : "channel";
    }

    /** What an import keeps of an entry: the overrides it sets and the unknown fields. */
    record Read(String sessionId, List<String> earlier, String hint, ObjectNode overrides, ObjectNode unknown) {
    }

    /** @throws IllegalArgumentException naming the bad field */
    static Read read(JsonNode raw) {
        if (!(raw instanceof ObjectNode e)) {
            throw new IllegalArgumentException("the entry must be an object");
        }
        JsonNode id = e.get("sessionId");
        if (id == null || !id.isTextual() || !id.asText().matches("[A-Za-z0-9._-]{1,128}")) {
            throw new IllegalArgumentException("sessionId is missing or not an id");
        }
        if (e.has("updatedAt") && !e.get("updatedAt").isIntegralNumber()) {
            throw new IllegalArgumentException("updatedAt must be epoch milliseconds");
        }
        List<String> earlier = new java.util.ArrayList<>();
        e.path(SEGMENTS).forEach(s -> earlier.add(s.asText()));
        String hint = e.path(HINT).isTextual() ? e.get(HINT).asText() : null;
        ObjectNode rest = e.deepCopy();
        rest.remove(DERIVED);
        ObjectNode overrides = Settings.fromSessionsJson(rest);
        return new Read(id.asText(), earlier, hint, overrides, rest);
    }
}
