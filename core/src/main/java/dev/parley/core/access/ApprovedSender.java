package dev.parley.core.access;

import java.time.Instant;
import java.util.Objects;

/** A sender an operator approved on {@code channel}; under {@code dm-policy=pairing} it is allowed from then on. */
public record ApprovedSender(String channel, String senderId, Instant approvedAt) {
    public ApprovedSender {
        Objects.requireNonNull(channel, "channel is null");
        Objects.requireNonNull(senderId, "senderId is null");
        Objects.requireNonNull(approvedAt, "approvedAt is null");
        ChannelNames.require(channel);
        if (senderId.isBlank()) {
            throw new IllegalArgumentException("senderId is blank");
        }
    }
}
