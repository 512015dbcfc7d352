package dev.parley.core.session;

/** One row of {@code sessions.list}. Timestamps are ISO-8601 strings (UTC), model may be null. */
public record SessionSummary(String sessionKey, String agentId, String channel, String scope, String status,
                             String lastActiveAt, long messageCount, String model) {}
