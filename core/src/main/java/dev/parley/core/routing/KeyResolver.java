package dev.parley.core.routing;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.InvalidSessionKeyException;
import dev.parley.core.key.Scope;
import dev.parley.core.key.SessionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Resolves where an inbound message belongs (SPEC §2 "Resolving a key"): binding lookup → scope from
 * the peer kind → key with the percent-encoded peer id → thread part → {@code dm-scope}. Pure and
 * immutable; the store lookup that follows is the caller's.
 *
 * <p>Choices where the spec leaves room, so clients can rely on them:
 * <ul>
 *   <li>channel, account id and peer kind match ASCII-case-insensitively; a null or blank account id is
 *       {@code default}.</li>
 *   <li>A null or empty {@code threadId} means no thread. A {@code threadId} that already starts with
 *       lower-case {@code thread} or {@code topic} is used as is; any other gets {@code thread} (on
 *       {@code telegram}: {@code topic}) prepended. The check is case-sensitive, so {@code Thread9} becomes
 *       {@code threadThread9} and stays distinct from {@code thread9}.</li>
 *   <li>For peer kind {@code thread} the peer id already names the thread, so {@code threadId} is
 *       ignored (a thread part is only allowed on dm and group keys). It is also ignored for DMs under
 *       {@code dm-scope=main}.</li>
 *   <li>The peer id is validated even under {@code dm-scope=main}, so a request's validity does not
 *       depend on the configured scope.</li>
 * </ul>
 * Bad input is {@code INVALID_PARAMS} with {@code data.field} ({@code channel}, {@code accountId},
 * {@code peer.kind}, {@code peer.id}, {@code threadId}) and, where a key rule failed, {@code data.rule};
 * a key over the length limit is an {@link InvalidSessionKeyException}.
 */
public final class KeyResolver {
    public static final String DM_SCOPE_PER_CHANNEL_PEER = "per-channel-peer";
    public static final String DM_SCOPE_MAIN = "main";

    private final String defaultAgent;
    private final boolean dmScopeMain;
    private final Map<String, String> bindings;

    /**
     * @param defaultAgent {@code parley.default-agent}
     * @param dmScope {@code parley.session.dm-scope}: {@code per-channel-peer} or {@code main}
     * @param bindings {@code parley.bindings}: {@code "<channel>.<accountId>"} → agent id
     * @throws IllegalArgumentException naming the bad configuration key and what it allows
     */
    public KeyResolver(String defaultAgent, String dmScope, Map<String, String> bindings) {
        Objects.requireNonNull(bindings, "bindings is null");
        this.defaultAgent = configuredAgent("parley.default-agent", defaultAgent);
        if (DM_SCOPE_MAIN.equals(dmScope)) {
            this.dmScopeMain = true;
        } else if (DM_SCOPE_PER_CHANNEL_PEER.equals(dmScope)) {
            this.dmScopeMain = false;
        } else {
            throw new IllegalArgumentException("parley.session.dm-scope must be one of per-channel-peer, main; got '"
                    + dmScope + "'");
        }
        this.bindings = canonicalBindings(bindings);
    }

    /**
     * @param accountId may be null (the default account)
     * @param threadId may be null
     * @throws ParleyException {@code INVALID_PARAMS} with {@code data.field}, or {@code INVALID_SESSION_KEY}
     */
    public ResolvedKey resolve(String channel, String accountId, String peerKind, String peerId, String threadId) {
        requireText("channel", channel);
        requireText("peer.kind", peerKind);
        requireText("peer.id", peerId);
        String account = accountId == null || accountId.isBlank() ? "default" : accountId;
        Scope scope = scopeOf(peerKind);
        String bound = bindings.get(asciiLower(channel) + "." + asciiLower(account));
        String agent = bound != null ? bound : defaultAgent;
        boolean mainDm = dmScopeMain && scope == Scope.DM;
        String thread = mainDm || scope == Scope.THREAD ? null : threadPart(channel, threadId);
        SessionKey peerKey = peerKey(agent, channel, scope, account, peerId, thread);
        SessionKey key = mainDm ? SessionKey.main(agent) : peerKey;
        return new ResolvedKey(key, agent, bound != null ? ResolvedKey.BINDING : ResolvedKey.DEFAULT_AGENT);
    }

    private static String threadPart(String channel, String threadId) {
        if (threadId == null || threadId.isEmpty()) {
            return null;
        }
        if (threadId.startsWith("thread") || threadId.startsWith("topic")) {
            return threadId;
        }
        return (asciiLower(channel).equals("telegram") ? "topic" : "thread") + threadId;
    }

    private static Scope scopeOf(String peerKind) {
        try {
            return Scope.parse(peerKind);
        } catch (InvalidSessionKeyException e) {
            throw invalidParams("peer.kind", e);
        }
    }

    private static SessionKey peerKey(String agent, String channel, Scope scope, String account, String peerId,
                                      String thread) {
        try {
            return SessionKey.peer(agent, channel, scope, account, peerId, thread);
        } catch (InvalidSessionKeyException e) {
            String field = switch (e.rule().substring(0, e.rule().indexOf('.'))) {
                case "channel" -> "channel";
                case "accountId" -> "accountId";
                case "identifier" -> "peer.id";
                case "thread" -> "threadId";
                default -> null;
            };
            throw field == null ? e : invalidParams(field, e);
        }
    }

    private static ParleyException invalidParams(String field, InvalidSessionKeyException cause) {
        return new ParleyException(ErrorCode.INVALID_PARAMS, "invalid " + field + ": " + cause.getMessage(),
                Map.of("field", field, "rule", cause.rule()));
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ParleyException.invalidParams(field, field + " is required and may not be blank");
        }
    }

    private static Map<String, String> canonicalBindings(Map<String, String> configured) {
        Map<String, String> canonical = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        configured.forEach((name, agent) -> {
            String configKey = "parley.bindings." + name;
            String lookup = bindingLookup(configKey, name);
            String previous = canonical.put(lookup, configuredAgent(configKey, agent));
            if (previous != null) {
                throw new IllegalArgumentException(configKey + " and parley.bindings." + origin.get(lookup)
                        + " bind the same channel account (names are case-insensitive)");
            }
            origin.put(lookup, name);
        });
        return Map.copyOf(canonical);
    }

    /** Validates {@code <channel>.<accountId>} by building a key from it; returns it lower-cased. */
    private static String bindingLookup(String configKey, String name) {
        int dot = name == null ? -1 : name.indexOf('.');
        if (dot < 0 || name.indexOf('.', dot + 1) >= 0) {
            throw new IllegalArgumentException(configKey + " must be named parley.bindings.<channel>.<accountId>");
        }
        try {
            SessionKey probe = SessionKey.peer("main", name.substring(0, dot), Scope.DM, name.substring(dot + 1),
                    "probe", null);
            return probe.channel() + "." + (probe.accountId() == null ? "default" : probe.accountId());
        } catch (InvalidSessionKeyException e) {
            throw new IllegalArgumentException(configKey + " names an invalid channel or account ("
                    + e.getMessage() + "); channels match [a-z0-9][a-z0-9_-]{0,31} except main and subagent, "
                    + "accounts [a-z0-9][a-z0-9_-]{0,63} not shaped like a thread part", e);
        }
    }

    private static String configuredAgent(String configKey, String agent) {
        try {
            return SessionKey.main(agent).agentId();
        } catch (InvalidSessionKeyException e) {
            throw new IllegalArgumentException(configKey + " must be an agent id matching [a-z0-9][a-z0-9_-]{0,63};"
                    + " got '" + agent + "'", e);
        }
    }

    private static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return out.toString();
    }
}
