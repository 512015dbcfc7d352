package dev.parley.core.access;

import java.util.Objects;

/**
 * The outcome of {@link AccessControl#check}: allowed, or dropped with a reason (SPEC §10.3 result
 * {@code {accepted:false, dropped:true, reason, pairing?}}).
 *
 * @param reason null when allowed
 * @param pairing the code handed out, only with {@link DropReason#PAIRING_REQUIRED} (the RPC shows
 *     {@code pairing{code, expiresAt}})
 */
public record Decision(boolean allowed, DropReason reason, PendingPairing pairing) {
    private static final Decision ALLOWED = new Decision(true, null, null);

    public Decision {
        if (allowed != (reason == null)) {
            throw new IllegalArgumentException("a decision has a reason exactly when it drops");
        }
        if ((reason == DropReason.PAIRING_REQUIRED) != (pairing != null)) {
            throw new IllegalArgumentException("a pairing comes with reason pairing_required and only with it");
        }
    }

    public static Decision allow() {
        return ALLOWED;
    }

    /** @param reason anything but {@link DropReason#PAIRING_REQUIRED}, which needs {@link #pairingRequired} */
    public static Decision drop(DropReason reason) {
        return new Decision(false, Objects.requireNonNull(reason, "reason is null"), null);
    }

    public static Decision pairingRequired(PendingPairing pairing) {
        return new Decision(false, DropReason.PAIRING_REQUIRED, Objects.requireNonNull(pairing,
                "pairing is null"));
    }

    /** {@code !allowed()}. */
    public boolean dropped() {
        return !allowed;
    }
}
