package dev.parley.core.access;

/**
 * Why an inbound message was dropped (SPEC §10.3); {@link #wire()} is the {@code reason} in the
 * {@code messages.inbound} result and the {@code reason} label of {@code parley_inbound_dropped_total}.
 */
public enum DropReason {
    /** {@code dm-policy=disabled}. */
    DM_DISABLED("dm_disabled"),
    /** {@code dm-policy=allowlist} and the sender is not in {@code allow-from}. */
    NOT_ALLOWLISTED("not_allowlisted"),
    /** {@code dm-policy=pairing}, the sender is neither listed nor approved: a pairing code was handed out. */
    PAIRING_REQUIRED("pairing_required"),
    /**
     * {@code dm-policy=pairing}, the sender is unknown and the channel already has the maximum number of pending
     * pairing requests: no code is handed out until one is approved or expires.
     */
    PAIRING_PENDING_LIMIT("pairing_pending_limit"),
    /** {@code group-policy=disabled} (group and thread peers). */
    GROUP_DISABLED("group_disabled"),
    /** {@code group-policy=allowlist} and the peer id is not in {@code groups}. */
    GROUP_NOT_ALLOWED("group_not_allowed");

    private final String wire;

    DropReason(String wire) {
        this.wire = wire;
    }

    /** The snake_case name clients and metrics see. */
    public String wire() {
        return wire;
    }
}
