package dev.parley.core.turn;

/** {@code parley.session.queue.mode} (SPEC §8.2). */
public enum QueueMode {
    /** One lease per session at a time; messages arriving during a turn coalesce into the next one. */
    SEQUENTIAL,
    /** Several leases per session at once; each has its own fencing token. */
    CONCURRENT;

    public static QueueMode parse(String value) {
        return switch (value) {
            case "sequential" -> SEQUENTIAL;
            case "concurrent" -> CONCURRENT;
            default -> throw new IllegalArgumentException("parley.session.queue.mode must be sequential or concurrent, not '"
                    + value + "'");
        };
    }
}
