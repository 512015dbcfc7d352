package dev.parley.core.transcript;

/** {@code parley.storage.fsync}: when an append is acknowledged relative to its bytes being forced (SPEC §3.1). */
public enum FsyncMode {
    /** Acknowledged only after its bytes are forced; concurrent appends share forces (group commit). */
    ALWAYS,
    /** Acknowledged after write; forced at least every {@code fsync-interval}. */
    INTERVAL,
    /** Never forced by Parley (the OS decides). */
    NEVER;

    public static FsyncMode parse(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "always" -> ALWAYS;
            case "interval" -> INTERVAL;
            case "never" -> NEVER;
            default -> throw new IllegalArgumentException(
                    "parley.storage.fsync: '" + s + "' is not one of always, interval, never");
        };
    }
}
