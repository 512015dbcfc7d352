package dev.parley.core.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.key.SessionKey;
import java.util.Objects;

/**
 * The live session a tool runs for: its canonical key and its {@code sessions.get} view (resolved settings,
 * {@code spawnDepth} when it was spawned).
 */
record Caller(SessionKey key, ObjectNode meta) {
    Caller {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(meta, "meta is null");
    }

    String format() {
        return key.format();
    }

    String agentId() {
        return key.agentId();
    }

    /** 0 for a session nobody spawned. */
    int depth() {
        return SpawnTree.fromJson(meta).depth();
    }

    /** The caller's resolved {@code sendPolicy} (SPEC §4): the default reply policy of its sends. */
    String sendPolicy() {
        return meta.path("settings").path("sendPolicy").asText("announce");
    }
}
