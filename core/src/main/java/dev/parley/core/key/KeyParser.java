package dev.parley.core.key;

import java.util.Objects;

/**
 * Splits a client-supplied key into its parts (SPEC §2 "Parsing"); {@link SessionKey}'s constructor
 * then validates and canonicalises them. Identifiers hold {@code :} only encoded, so a plain split
 * on {@code :} is exact.
 */
final class KeyParser {
    private static final String[] PART_NAMES = {"prefix", "agent id", "channel", "scope", "part 5", "part 6",
        "part 7"};
    /**
     * A raw key longer than this cannot be at most {@link SessionKey#MAX_LENGTH} code points in canonical
     * form: one canonical code point is at most 12 raw chars ({@code %XX} × 4 UTF-8 bytes), plus a few
     * for a dropped {@code default:} account and scope aliases. Rejecting early bounds the work done.
     */
    static final int MAX_RAW_CHARS = 16 * SessionKey.MAX_LENGTH;

    private KeyParser() {}

    static SessionKey parse(String raw, String defaultAgent) {
        Objects.requireNonNull(defaultAgent, "defaultAgent is null");
        if (raw == null || raw.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key is empty");
        }
        if (raw.length() > MAX_RAW_CHARS) {
            throw new InvalidSessionKeyException("key.too-long", "session key is " + raw.length()
                    + " characters long; at most " + SessionKey.MAX_LENGTH + " are allowed in canonical form");
        }
        if (raw.length() == 4 && KeyParts.asciiLower(raw).equals("main")) {
            return SessionKey.main(defaultAgent);
        }
        String[] parts = raw.split(":", -1);
        if (!KeyParts.asciiLower(parts[0]).equals("agent")) {
            throw new InvalidSessionKeyException("key.prefix", "a session key starts with 'agent:' (or is 'main'); got "
                    + KeyParts.describe(raw));
        }
        checkNoEmptyPart(parts);
        String shape = parts.length > 2 ? KeyParts.asciiLower(parts[2]) : "";
        if (shape.equals("main") && parts.length == 3) {
            return SessionKey.main(parts[1]);
        }
        if (shape.equals("subagent") && parts.length == 4) {
            return SessionKey.subagent(parts[1], parts[3]);
        }
        if (parts.length < 5 || parts.length > 7) {
            throw new InvalidSessionKeyException("key.segments", "a session key has the form "
                    + "agent:<agentId>:<channel>:<scope>[:<accountId>]:<identifier>[:<thread>], agent:<agentId>:main "
                    + "or agent:<agentId>:subagent:<id>; got " + parts.length + " ':'-separated parts");
        }
        return peer(parts);
    }

    private static SessionKey peer(String[] parts) {
        // Validate left to right, so a key with several faults reports the first one.
        KeyParts.agentId(parts[1]);
        KeyParts.channel(parts[2]);
        Scope scope = Scope.parse(parts[3]);
        return switch (parts.length) {
            case 5 -> new SessionKey(KeyKind.PEER, parts[1], parts[2], scope, null, parts[4], null, null);
            case 6 -> KeyParts.isThreadShaped(parts[5])
                    ? new SessionKey(KeyKind.PEER, parts[1], parts[2], scope, null, parts[4], parts[5], null)
                    : new SessionKey(KeyKind.PEER, parts[1], parts[2], scope, parts[4], parts[5], null, null);
            default -> new SessionKey(KeyKind.PEER, parts[1], parts[2], scope, parts[4], parts[5], parts[6], null);
        };
    }

    private static void checkNoEmptyPart(String[] parts) {
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) {
                String name = i < PART_NAMES.length ? PART_NAMES[i] : "part " + (i + 1);
                throw new InvalidSessionKeyException("part.empty", "the session key's " + name + " is empty");
            }
        }
    }
}
