package dev.parley.core.access;

/** {@code parley.channels.<channel>.dm-policy} (SPEC §10.3): who may start or continue a direct conversation. */
public enum DmPolicy {
    /** Every sender is accepted (the default). */
    OPEN("open"),
    /** Only the senders in {@code allow-from}. Approved pairings do not count here (see {@link AccessControl}). */
    ALLOWLIST("allowlist"),
    /** Senders in {@code allow-from} and senders whose pairing code an operator approved. */
    PAIRING("pairing"),
    /** No direct message is accepted. */
    DISABLED("disabled");

    private final String wire;

    DmPolicy(String wire) {
        this.wire = wire;
    }

    /** The configuration spelling. */
    public String wire() {
        return wire;
    }
}
