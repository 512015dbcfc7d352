package dev.parley.core.key;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A session key (or a part of one) broke a rule of SPEC §2. {@code data.rule} names the rule, one of
 * the fixed list in the spec; the message says in words what failed.
 */
public final class InvalidSessionKeyException extends ParleyException {
    static final Set<String> RULES = Set.of("key.prefix", "key.segments", "key.too-long", "part.empty",
            "agentId.charset", "channel.charset", "channel.reserved", "scope.unknown", "accountId.charset",
            "accountId.thread-shaped", "identifier.length", "identifier.raw-char", "identifier.bad-escape",
            "identifier.nul", "identifier.dot", "thread.charset", "subagent.charset");

    private final String rule;

    InvalidSessionKeyException(String rule, String message) {
        super(ErrorCode.INVALID_SESSION_KEY, message, Map.of("rule", checkRule(rule)));
        this.rule = rule;
    }

    private static String checkRule(String rule) {
        Objects.requireNonNull(rule, "rule is null");
        if (!RULES.contains(rule)) {
            throw new IllegalArgumentException("not a SPEC §2 rule: " + rule);
        }
        return rule;
    }

    /** The violated rule, e.g. {@code identifier.bad-escape}; also in {@code data().get("rule")}. */
    public String rule() {
        return rule;
    }
}
