package dev.parley.core.turn;

import java.util.List;
import java.util.Objects;

/**
 * A queued turn taken off the ready queue, not yet a lease: the caller takes the session's lock and then
 * {@linkplain TurnQueue#grant grants} it, or {@linkplain TurnQueue#unclaim puts it back}.
 *
 * @param messageSeqs the coalesced messages the turn answers, ascending
 * @param requeued    whether this turn was already handed out once and re-queued after its lease expired
 */
public record Claim(String sessionKey, String agentId, List<Long> messageSeqs, boolean requeued) {
    public Claim {
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        Objects.requireNonNull(agentId, "agentId is null");
        messageSeqs = List.copyOf(messageSeqs);
    }
}
