package dev.parley.core.turn;

import java.util.List;
import java.util.Objects;

/**
 * A running turn: who may append (the {@code token}) and until when ({@code expiresAt}, epoch ms; every
 * token-bearing append and {@code turns.renew} move it).
 */
public record Lease(String turnId, String sessionKey, String agentId, long token, long acquiredAt, long expiresAt,
                    List<Long> messageSeqs, boolean requeued) {
    public Lease {
        Objects.requireNonNull(turnId, "turnId is null");
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        Objects.requireNonNull(agentId, "agentId is null");
        messageSeqs = List.copyOf(messageSeqs);
    }

    Lease extendedTo(long newExpiry) {
        return new Lease(turnId, sessionKey, agentId, token, acquiredAt, Math.max(expiresAt, newExpiry), messageSeqs,
                requeued);
    }
}
