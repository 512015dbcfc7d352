package dev.parley.core.portable.openclaw;

import dev.parley.core.key.KeyKind;
import dev.parley.core.key.Scope;
import dev.parley.core.key.SessionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Session keys between Parley (SPEC §2) and OpenClaw: OpenClaw writes {@code direct} for Parley's {@code dm},
 * puts the account before the kind ({@code agent:<a>:<channel>:<account>:direct:<peer>}), writes threads as
 * {@code :thread:<id>} / {@code :topic:<id>} and keeps keys lower-case. Main and sub-agent keys are the same in both.
 * Parley's case-preserved identifiers lose their case on the way out; {@link #toParley} reports every change.
 */
public final class OpenClawKeys {
    private static final Set<String> KINDS = Set.of("direct", "dm", "group", "channel", "thread");

    private OpenClawKeys() {
    }

    /** A Parley key mapped from an OpenClaw key, with one reason per change (empty when nothing changed). */
    public record Mapped(SessionKey key, List<String> reasons) {
        public Mapped {
            java.util.Objects.requireNonNull(key, "key is null");
            reasons = List.copyOf(reasons);
        }
    }

    /** The OpenClaw form of a Parley key (lower-case). */
    public static String toOpenClaw(SessionKey key) {
        if (key.kind() != KeyKind.PEER) {
            return key.format().toLowerCase(Locale.ROOT);
        }
        StringBuilder b = new StringBuilder("agent:").append(key.agentId()).append(':').append(key.channel());
        if (key.accountId() != null) {
            b.append(':').append(key.accountId());
        }
        b.append(':').append(key.scope() == Scope.DM ? "direct" : key.scope().wire()).append(':')
                .append(key.identifier());
        if (key.thread() != null) {
            String t = key.thread();
            String prefix = t.startsWith("topic") ? "topic" : "thread";
            b.append(':').append(prefix).append(':').append(t.substring(prefix.length()));
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The Parley key for an OpenClaw key found under {@code agents/<dirAgent>/}; {@code hint} (may be null) is the
     * original Parley key a Parley export recorded, used when it maps to the same OpenClaw key (so case survives
     * a round trip).
     *
     * @throws IllegalArgumentException with the reason when the key has no Parley form
     */
    public static Mapped toParley(String raw, String dirAgent, String hint) {
        if (hint != null) {
            try {
                SessionKey k = SessionKey.parse(hint, dirAgent);
                if (toOpenClaw(k).equals(raw.toLowerCase(Locale.ROOT))) {
                    return new Mapped(k, k.format().equals(raw) ? List.of() : List.of("restored from parleySessionKey"));
                }
            } catch (RuntimeException ignored) {
                // a stale or foreign hint: map the key itself
            }
        }
        List<String> reasons = new ArrayList<>();
        SessionKey key = parse(raw, dirAgent, reasons);
        if (!key.format().equals(raw) && reasons.isEmpty()) {
            reasons.add("written in Parley's canonical form");
        }
        return new Mapped(key, key.format().equals(raw) ? List.of() : reasons);
    }

    private static SessionKey parse(String raw, String dirAgent, List<String> reasons) {
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.equals("main") || lower.equals("global")) {
            reasons.add("legacy key '" + raw + "' is the main session of agent " + dirAgent);
            return SessionKey.main(dirAgent);
        }
        String[] s = raw.split(":", -1);
        if (s.length < 3 || !s[0].equalsIgnoreCase("agent")) {
            throw new IllegalArgumentException("not an agent:<id>:… key");
        }
        if (s.length == 3 && s[2].equalsIgnoreCase("main")) {
            return SessionKey.main(s[1]);
        }
        if (s.length == 4 && s[2].equalsIgnoreCase("subagent")) {
            return SessionKey.subagent(s[1], s[3]);
        }
        return peer(s, reasons);
    }

    private static SessionKey peer(String[] s, List<String> reasons) {
        int kindAt = KINDS.contains(s[3].toLowerCase(Locale.ROOT)) ? 3 : 4;
        if (s.length <= kindAt + 1 || !KINDS.contains(s[kindAt].toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("no direct/group/channel/thread part");
        }
        String account = kindAt == 4 ? s[3] : null;
        String kind = s[kindAt].toLowerCase(Locale.ROOT);
        int end = s.length;
        String thread = null;
        if (end - kindAt >= 4 && (s[end - 2].equalsIgnoreCase("thread") || s[end - 2].equalsIgnoreCase("topic"))) {
            thread = s[end - 2].toLowerCase(Locale.ROOT) + s[end - 1];
            end -= 2;
            reasons.add("thread part written " + s[end].toLowerCase(Locale.ROOT) + "<id>");
        }
        String peer = String.join(":", java.util.Arrays.copyOfRange(s, kindAt + 1, end));
        if (kind.equals("direct")) {
            reasons.add("direct is written dm");
        } else if (kind.equals("channel")) {
            reasons.add("channel is written group");
        }
        if (account != null && !account.equalsIgnoreCase("default")) {
            reasons.add("the account follows the scope");
        }
        Scope scope = Scope.parse(kind);
        try {
            return new SessionKey(KeyKind.PEER, s[1], s[2], scope, account, peer, thread, null);
        } catch (RuntimeException encoded) {
            reasons.add("peer id percent-encoded");
            return SessionKey.peer(s[1], s[2], scope, account, peer, thread);
        }
    }
}
