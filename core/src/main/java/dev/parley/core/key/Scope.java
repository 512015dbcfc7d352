package dev.parley.core.key;

/** The conversation scope of a peer key (SPEC §2). */
public enum Scope {
    DM("dm"),
    GROUP("group"),
    THREAD("thread");

    private final String wire;

    Scope(String wire) {
        this.wire = wire;
    }

    /** The lower-case form written in keys: {@code dm}, {@code group} or {@code thread}. */
    public String wire() {
        return wire;
    }

    /**
     * Parses a scope, ASCII-case-insensitively, accepting the input aliases {@code direct} → dm and
     * {@code channel} → group.
     *
     * @throws InvalidSessionKeyException rule {@code part.empty} for null or empty input, else
     *     {@code scope.unknown}
     */
    public static Scope parse(String s) {
        if (s == null || s.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key scope is empty");
        }
        return switch (KeyParts.asciiLower(s)) {
            case "dm", "direct" -> DM;
            case "group", "channel" -> GROUP;
            case "thread" -> THREAD;
            default -> throw new InvalidSessionKeyException("scope.unknown", "unknown session key scope "
                    + KeyParts.describe(s) + "; expected dm, group or thread (aliases: direct, channel)");
        };
    }
}
