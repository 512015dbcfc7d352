package dev.parley.core.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Observes acknowledged (durable, non-duplicate) appends inside core — the turn queue and the cross-session tools
 * wait on them (e.g. {@code sessions_send} waiting for the target's next assistant message). Called on the
 * append's completion thread: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface AppendListener {
    /**
     * @param sessionKey the canonical key
     * @param firstSeq   the seq of {@code entries.get(0)}; the others follow densely
     * @param entries    the entries as validated (read-only: do not modify)
     */
    void appended(String sessionKey, long firstSeq, List<ObjectNode> entries);
}
