package dev.parley.core.tools;

import dev.parley.core.key.SessionKey;
import io.smallrye.mutiny.Uni;

/**
 * The visibility rules of SPEC §9 for one configuration. The caller always sees itself. Another agent's sessions
 * are visible only under {@code all} with the agent-to-agent rule; within the caller's agent, {@code self} sees
 * nothing else, {@code tree} the caller's descendants (never its parent), {@code agent} and {@code all}
 * everything. Existence is not judged here: callers answer "not visible" for a missing target the same way.
 */
final class Access {
    private final ToolsConfig config;
    private final SpawnTree tree;

    Access(ToolsConfig config, SpawnTree tree) {
        this.config = config;
        this.tree = tree;
    }

    ToolsConfig config() {
        return config;
    }

    /** Whether {@code caller} may see {@code target} (both canonical). */
    Uni<Boolean> visible(SessionKey caller, SessionKey target) {
        if (caller.equals(target)) {
            return Uni.createFrom().item(true);
        }
        if (!caller.agentId().equals(target.agentId())) {
            return Uni.createFrom().item(config.agentsMayTalk(caller.agentId(), target.agentId()));
        }
        return switch (config.visibility()) {
            case SELF -> Uni.createFrom().item(false);
            case TREE -> tree.isDescendant(target, caller.format());
            case AGENT, ALL -> Uni.createFrom().item(true);
        };
    }

    /** Whether any session of {@code agentId} can be visible to a caller of {@code callerAgent}. */
    boolean agentVisible(String callerAgent, String agentId) {
        return callerAgent.equals(agentId) || config.agentsMayTalk(callerAgent, agentId);
    }
}
