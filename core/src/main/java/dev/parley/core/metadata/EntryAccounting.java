package dev.parley.core.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How one transcript entry moves a session's counters (SPEC §3.2): {@code lastActiveAt} on user/assistant/tool
 * messages and tool calls; {@code lastInteractionAt} on real user messages (not inter-session, not heartbeat or
 * system inbound, not only tool results); {@code messageCount} counts user and assistant messages of the active
 * history; a reset starts a new active history, a compact is remembered by offset. Notices, compact and settings
 * entries move neither timestamp. Called with the {@link SessionMeta} monitor held.
 */
final class EntryAccounting {
    private final SessionMeta m;

    EntryAccounting(SessionMeta m) {
        this.m = m;
    }

    void apply(ObjectNode e, long offset) {
        long ts = e.path("timestamp").asLong(0);
        switch (e.path("type").asText()) {
            case "session" -> {
                m.createdAt = ts;
                m.historyStartedAt = ts;
                m.contextStart = offset;
                m.contextStartSeq = 1;
            }
            case "message" -> message(e, ts);
            case "tool_call" -> m.lastActiveAt = Math.max(m.lastActiveAt, ts);
            case "reset" -> {
                m.contextStart = offset;
                m.contextStartSeq = e.path("seq").asLong();
                m.messageCount = 0;
                m.resetCount++;
                m.lastResetAt = ts;
                m.historyStartedAt = ts;
                m.lastCompactOffset = -1;
                m.estimatedTokens = 0;
                m.extra.put("lastResetReason", e.path("reason").asText("manual"));
                m.extra.remove(AWAITING);
            }
            case "compact" -> {
                m.lastCompactOffset = offset;
                m.compactionCount++;
                m.estimatedTokens = e.path("tokensAfter").asLong(-1);
                var last = m.extra.putObject("lastCompaction");
                last.put("at", SessionMeta.iso(ts));
                last.put("seq", e.path("seq").asLong());
                last.put("reason", e.path("reason").asText("manual"));
                last.put("strategy", e.path("strategy").asText(""));
                last.put("turnsRemoved", e.path("turns_removed").asLong(0));
                last.put("tokensBefore", e.path("tokensBefore").asLong(0));
                last.put("tokensAfter", e.path("tokensAfter").asLong(0));
            }
            case "settings" -> settings(e);
            default -> { /* thinking, repaired: no counters */ }
        }
    }

    /** A settings entry's {@code changes} ({field: {old, new}}) replayed onto the session's overrides. */
    private void settings(ObjectNode e) {
        JsonNode changes = e.path("changes");
        if (!changes.isObject()) {
            return;
        }
        ObjectNode overrides = m.extra.has("overrides") && m.extra.get("overrides").isObject()
                ? (ObjectNode) m.extra.get("overrides") : m.extra.putObject("overrides");
        changes.fields().forEachRemaining(f -> {
            JsonNode now = f.getValue().get("new");
            if (now == null || now.isNull()) {
                overrides.remove(f.getKey());
            } else {
                overrides.set(f.getKey(), now.deepCopy());
            }
        });
    }

    private void message(ObjectNode e, long ts) {
        spawn(e);
        if (e.path("notice").asBoolean(false)) {
            return;
        }
        JsonNode msg = e.path("message");
        String role = msg.path("role").asText();
        if (role.equals("user") || role.equals("assistant")) {
            m.messageCount++;
        }
        if (role.equals("user") || role.equals("assistant") || role.equals("tool")) {
            m.lastActiveAt = Math.max(m.lastActiveAt, ts);
        }
        if (role.equals("user") && isInteraction(e, msg)) {
            m.lastInteractionAt = Math.max(m.lastInteractionAt, ts);
        }
        awaitingReply(e, msg, role);
    }

    /**
     * {@code awaitingReplySeq}: the newest user or inter-session message no assistant message has followed yet — the
     * sessions re-queued at start (SPEC §8.2). Heartbeat/system inbound, unmentioned group messages and tool results
     * ask for no turn.
     */
    private void awaitingReply(ObjectNode e, JsonNode msg, String role) {
        if (role.equals("assistant")) {
            m.extra.remove(AWAITING);
        } else if (role.equals("user") && !onlyToolResults(msg) && !e.path("mentioned").asText("true").equals("false")
                && !e.path("inboundKind").asText("message").matches("heartbeat|system")) {
            m.extra.put(AWAITING, e.path("seq").asLong());
        }
    }

    static final String AWAITING = "awaitingReplySeq";

    private static boolean onlyToolResults(JsonNode msg) {
        JsonNode content = msg.path("content");
        if (!content.isArray() || content.isEmpty()) {
            return false;
        }
        for (JsonNode block : content) {
            if (!block.path("type").asText().equals("tool_result")) {
                return false;
            }
        }
        return true;
    }

    /**
     * A sub-agent's task message names its parent ({@code spawnedBy}, {@code spawnDepth}, {@code label}; SPEC §9
     * {@code sessions_spawn}): kept in the metadata so the spawn tree survives a rebuild. The first one wins; a reset
     * does not forget it (the session was still spawned).
     */
    private void spawn(ObjectNode e) {
        JsonNode by = e.get("spawnedBy");
        if (by == null || !by.isTextual() || m.extra.has("spawnedBy")) {
            return;
        }
        m.extra.put("spawnedBy", by.asText());
        m.extra.put("spawnDepth", Math.max(1, e.path("spawnDepth").asInt(1)));
        if (e.path("label").isTextual()) {
            m.extra.put("label", e.get("label").asText());
        }
    }

    private static boolean isInteraction(ObjectNode e, JsonNode msg) {
        if (e.path("provenance").path("kind").asText().equals("inter_session")) {
            return false;
        }
        String kind = e.path("inboundKind").asText("message");
        if (kind.equals("heartbeat") || kind.equals("system")) {
            return false;
        }
        JsonNode content = msg.path("content");
        if (content.isArray() && !content.isEmpty()) {
            for (JsonNode block : content) {
                if (!block.path("type").asText().equals("tool_result")) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
