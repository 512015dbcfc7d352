package dev.parley.core.session;

/** Output of {@code sessions.resolve}; matchedBy is {@code binding} or {@code default-agent}. */
public record Resolution(String sessionKey, String agentId, String matchedBy, boolean exists) {}
