package dev.parley.core.key;

import java.util.Objects;

/**
 * A valid, canonical session key (SPEC §2). The constructor validates every part and folds it to its
 * canonical form (case-insensitive parts lower-cased, an explicit {@code default} account dropped, the
 * identifier re-encoded canonically, the thread prefix lower-cased), so an invalid key cannot exist and
 * two keys naming the same session are {@code equals}. Parts absent from the key's shape are null.
 *
 * @param kind the key's shape
 * @param agentId the owning agent, always present
 * @param channel the channel of a {@link KeyKind#PEER} key
 * @param scope the scope of a {@link KeyKind#PEER} key
 * @param accountId the channel account of a peer key; null for the default account
 * @param identifier the peer's id in canonical percent-encoded form
 * @param thread the thread part ({@code thread<x>} / {@code topic<x>}) of a dm or group key, or null
 * @param subagentId the id of a {@link KeyKind#SUBAGENT} key
 * @throws InvalidSessionKeyException naming the violated rule
 */
public record SessionKey(KeyKind kind, String agentId, String channel, Scope scope, String accountId,
                         String identifier, String thread, String subagentId) {
    /** The longest canonical key, in code points. */
    public static final int MAX_LENGTH = 512;

    public SessionKey {
        Objects.requireNonNull(kind, "kind is null");
        agentId = KeyParts.agentId(agentId);
        if (kind == KeyKind.PEER) {
            channel = KeyParts.channel(channel);
            if (scope == null) {
                throw new InvalidSessionKeyException("part.empty", "the session key scope is empty");
            }
            accountId = KeyParts.accountId(accountId);
            identifier = Identifiers.canonical(identifier);
            thread = KeyParts.thread(thread, scope);
            requireAbsent(kind, "sub-agent id", subagentId);
            checkLength(formatPeer(agentId, channel, scope, accountId, identifier, thread));
        } else {
            requireAbsent(kind, "channel", channel);
            requireAbsent(kind, "scope", scope);
            requireAbsent(kind, "account id", accountId);
            requireAbsent(kind, "identifier", identifier);
            requireAbsent(kind, "thread", thread);
            if (kind == KeyKind.SUBAGENT) {
                subagentId = KeyParts.subagentId(subagentId);
            } else {
                requireAbsent(kind, "sub-agent id", subagentId);
            }
        }
    }

    /**
     * Parses a client-supplied key: ASCII-case-insensitive where §2 says so, identifier escapes
     * canonicalised. {@code main} is the legacy shorthand for {@code agent:<defaultAgent>:main}.
     *
     * @throws InvalidSessionKeyException naming the violated rule
     */
    public static SessionKey parse(String raw, String defaultAgent) {
        return KeyParser.parse(raw, defaultAgent);
    }

    /**
     * Builds a peer key from a <em>raw</em> peer id (the resolution path): every character that §2
     * requires encoded, including {@code %} itself, is percent-encoded here, so {@code "50%/x"} becomes
     * {@code 50%25%2Fx}. {@code accountId} and {@code thread} may be null.
     */
    public static SessionKey peer(String agentId, String channel, Scope scope, String accountId, String rawPeerId,
                                  String thread) {
        return new SessionKey(KeyKind.PEER, agentId, channel, scope, accountId, Identifiers.encodeRaw(rawPeerId),
                thread, null);
    }

    /** {@code agent:<agentId>:main}. */
    public static SessionKey main(String agentId) {
        return new SessionKey(KeyKind.MAIN, agentId, null, null, null, null, null, null);
    }

    /** {@code agent:<agentId>:subagent:<id>}. */
    public static SessionKey subagent(String agentId, String id) {
        return new SessionKey(KeyKind.SUBAGENT, agentId, null, null, null, null, null, id);
    }

    /** The canonical string; {@code parse(format(), any)} returns an equal key. */
    public String format() {
        return switch (kind) {
            case MAIN -> "agent:" + agentId + ":main";
            case SUBAGENT -> "agent:" + agentId + ":subagent:" + subagentId;
            case PEER -> formatPeer(agentId, channel, scope, accountId, identifier, thread);
        };
    }

    /** {@code thread} when the key has a thread part or thread scope, else the scope; {@code dm} for main and sub-agent keys. */
    public String type() {
        if (kind != KeyKind.PEER) {
            return Scope.DM.wire();
        }
        return thread != null ? Scope.THREAD.wire() : scope.wire();
    }

    @Override
    public String toString() {
        return format();
    }

    /**
     * With an account present, a thread-shaped identifier would parse as {@code <identifier>:<thread>};
     * escaping its first letter ({@code %74hread7}) keeps the parse unambiguous.
     */
    private static String formatPeer(String agentId, String channel, Scope scope, String accountId,
                                     String identifier, String thread) {
        StringBuilder out = new StringBuilder(32 + identifier.length())
                .append("agent:").append(agentId).append(':').append(channel).append(':').append(scope.wire());
        if (accountId != null) {
            out.append(':').append(accountId).append(':');
            if (KeyParts.isThreadShaped(identifier)) {
                Identifiers.appendEscaped(out, identifier.charAt(0));
                out.append(identifier, 1, identifier.length());
            } else {
                out.append(identifier);
            }
        } else {
            out.append(':').append(identifier);
        }
        if (thread != null) {
            out.append(':').append(thread);
        }
        return out.toString();
    }

    private static void checkLength(String formatted) {
        int length = formatted.codePointCount(0, formatted.length());
        if (length > MAX_LENGTH) {
            throw new InvalidSessionKeyException("key.too-long", "session key is " + length
                    + " characters long in canonical form; at most " + MAX_LENGTH + " are allowed");
        }
    }

    private static void requireAbsent(KeyKind kind, String part, Object value) {
        if (value != null) {
            throw new InvalidSessionKeyException("key.segments",
                    "a " + kind.name().toLowerCase(java.util.Locale.ROOT) + " session key has no " + part);
        }
    }
}
