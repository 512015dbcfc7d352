package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The part of a session's active history the model sees, read on the session's lane: the last compaction in
 * force (or null) and every entry from its {@code firstKeptSeq} (or from the start of the active history) to
 * the end, in seq order, including entries the model does not see (the caller filters).
 *
 * @param model the session's model setting, or null
 */
public record ViewSnapshot(String sessionKey, String agentId, String channel, String type, String model,
                           long lastSeq, ObjectNode lastCompact, List<ObjectNode> entries) {
    public ViewSnapshot {
        entries = List.copyOf(entries);
    }
}
