package dev.parley.app.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One event as sent in an SSE frame's {@code data:} line: {@code {type, sessionKey, agentId, timestamp, seq?}}.
 * Never message content (SPEC §12). {@code timestamp} is epoch milliseconds, like a transcript line's.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionEvent(String type, String sessionKey, String agentId, long timestamp, Long seq) {

    public SessionEvent {
        EventType.of(Objects.requireNonNull(type, "type is null"));
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        Objects.requireNonNull(agentId, "agentId is null");
        if (seq != null && seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0, was " + seq);
        }
    }

    /** Whether this event passes a subscriber's filters; a null filter lets everything through. */
    boolean matches(String agentIdFilter, String sessionKeyFilter) {
        return (agentIdFilter == null || agentIdFilter.equals(agentId))
                && (sessionKeyFilter == null || sessionKeyFilter.equals(sessionKey));
    }
}
