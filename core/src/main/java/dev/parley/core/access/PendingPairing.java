package dev.parley.core.access;

import java.time.Instant;
import java.util.Objects;

/**
 * A pairing request waiting for an operator: the code handed to {@code senderId} on {@code channel}.
 *
 * @param expiresAt the first instant at which the code no longer approves anything
 */
public record PendingPairing(String code, String senderId, String channel, Instant createdAt, Instant expiresAt) {
    public PendingPairing {
        Objects.requireNonNull(code, "code is null");
        Objects.requireNonNull(senderId, "senderId is null");
        Objects.requireNonNull(channel, "channel is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
        if (!PairingCodes.isWellFormed(code)) {
            throw new IllegalArgumentException("code is not 8 characters of " + PairingCodes.ALPHABET + ": " + code);
        }
        if (senderId.isBlank()) {
            throw new IllegalArgumentException("senderId is blank");
        }
        ChannelNames.require(channel);
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after createdAt " + createdAt);
        }
    }

    /** Whether the code can no longer be approved at {@code now}. */
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
