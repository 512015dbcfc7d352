package dev.parley.core.access;

import java.util.List;
import java.util.Objects;

/** The answer of {@code pairing.list}: unexpired pending requests (oldest first) and approved senders. */
public record PairingList(List<PendingPairing> pending, List<ApprovedSender> approved) {
    public PairingList {
        pending = List.copyOf(Objects.requireNonNull(pending, "pending is null"));
        approved = List.copyOf(Objects.requireNonNull(approved, "approved is null"));
    }
}
