package dev.parley.core.routing;

import dev.parley.core.key.SessionKey;
import java.util.Objects;

/**
 * The outcome of {@link KeyResolver#resolve}: the session key, its agent and how the agent was chosen.
 *
 * @param matchedBy {@code binding} (an exact {@code <channel>.<accountId>} binding) or {@code default-agent}
 */
public record ResolvedKey(SessionKey key, String agentId, String matchedBy) {
    public static final String BINDING = "binding";
    public static final String DEFAULT_AGENT = "default-agent";

    public ResolvedKey {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(agentId, "agentId is null");
        Objects.requireNonNull(matchedBy, "matchedBy is null");
        if (!agentId.equals(key.agentId())) {
            throw new IllegalArgumentException("agentId " + agentId + " is not the key's agent " + key.agentId());
        }
        if (!matchedBy.equals(BINDING) && !matchedBy.equals(DEFAULT_AGENT)) {
            throw new IllegalArgumentException("matchedBy must be binding or default-agent, got " + matchedBy);
        }
    }
}
