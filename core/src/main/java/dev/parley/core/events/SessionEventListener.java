package dev.parley.core.events;

/**
 * Receives the session events of SPEC §12 ({@code session.created}, {@code message.appended},
 * {@code session.compacted}, {@code session.compaction_failed}, {@code session.overflow}, {@code session.reset},
 * {@code session.archived}, {@code session.restored}, {@code session.deleted}, {@code turn.queued}). Never message
 * content. Called from storage threads: implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface SessionEventListener {
    SessionEventListener NONE = (type, sessionKey, agentId, seq) -> { };

    /** @param seq the entry's seq where one applies, else null */
    void event(String type, String sessionKey, String agentId, Long seq);

    /** A reset happened, with its reason ({@code idle}, {@code daily}, {@code manual}, {@code expired}); for metrics. */
    default void resetReason(String reason) { }

    /** An inbound message was dropped by access control, with the drop reason; for metrics. */
    default void inboundDropped(String reason) { }
}
