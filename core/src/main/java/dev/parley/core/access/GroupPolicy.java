package dev.parley.core.access;

/** {@code parley.channels.<channel>.group-policy} (SPEC §10.3): which groups (and threads) are served. */
public enum GroupPolicy {
    /** Every group is accepted (the default). */
    OPEN("open"),
    /** Only the groups listed in {@code groups}. */
    ALLOWLIST("allowlist"),
    /** No group or thread message is accepted. */
    DISABLED("disabled");

    private final String wire;

    GroupPolicy(String wire) {
        this.wire = wire;
    }

    /** The configuration spelling. */
    public String wire() {
        return wire;
    }
}
