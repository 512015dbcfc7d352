package dev.parley.core.tools;

import java.util.Locale;

/** {@code parley.tools.sessions.visibility}: which sessions a tool caller may see (SPEC §9). */
public enum Visibility {
    /** Only the caller's own session. */
    SELF,
    /** The caller and every session it spawned, transitively (a child does not see its parent). */
    TREE,
    /** Every session of the caller's agent. */
    AGENT,
    /** Every session of the caller's agent, and other agents' under the agent-to-agent rule. */
    ALL;

    /** The configuration value ({@code self}, {@code tree}, …). */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
