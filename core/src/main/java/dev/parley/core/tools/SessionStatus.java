package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.LockHolder;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.Executor;

/**
 * {@code sessions.status} and the {@code session_status} tool (SPEC §9): {@code {sessionKey, settings,
 * usage{estimatedTokens, contextWindow, percent, estimatorDrift}, messageCount, compactionCount, lastCompaction,
 * lock, queueDepth}}. Assembled from {@code sessions.get}, the lock file's holder (a probe of the file, so it runs on
 * the given executor, never on an event loop) and the turn queue.
 */
public final class SessionStatus {
    private SessionStatus() {}

    /** The status of {@code sessionKey}; {@code SESSION_NOT_FOUND} for a session that is not live. */
    public static Uni<ObjectNode> of(SessionService service, String sessionKey, Executor blocking) {
        return service.get(sessionKey).emitOn(blocking).map(got -> assemble(service, got));
    }

    static ObjectNode assemble(SessionService service, ObjectNode got) {
        String key = got.get("sessionKey").asText();
        ObjectNode result = Json.object().put("sessionKey", key);
        JsonNode settings = got.get("settings");
        result.set("settings", settings != null && settings.isObject() ? settings : Json.object());
        JsonNode usage = got.path("usage");
        ObjectNode u = result.putObject("usage");
        u.set("estimatedTokens", usage.get("estimatedTokens"));
        u.set("contextWindow", usage.get("contextWindow"));
        u.set("percent", usage.get("percent"));
        JsonNode drift = usage.get("estimatorDrift");
        u.set("estimatorDrift", drift == null ? Json.MAPPER.nullNode() : drift);
        result.set("messageCount", got.get("messageCount"));
        result.set("compactionCount", got.get("compactionCount"));
        JsonNode last = got.get("lastCompaction");
        result.set("lastCompaction", last != null && last.isObject() ? last : Json.MAPPER.nullNode());
        String stem = FileStems.stem(SessionKey.parse(key, service.options().defaultAgent()));
        LockHolder holder = service.locks().holder(stem).orElse(null);
        result.set("lock", holder == null ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(holder.errorData()));
        result.put("queueDepth", service.turns().depth(key));
        return result;
    }
}
