package dev.parley.core.key;

/** The three shapes of a session key (SPEC §2). */
public enum KeyKind {
    /** {@code agent:<agentId>:<channel>:<scope>[:<accountId>]:<identifier>[:<thread>]} */
    PEER,
    /** {@code agent:<agentId>:main}, the agent's main session. */
    MAIN,
    /** {@code agent:<agentId>:subagent:<id>}, a spawned sub-agent session. */
    SUBAGENT
}
