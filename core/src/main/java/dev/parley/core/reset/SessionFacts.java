package dev.parley.core.reset;

import java.util.Set;

/**
 * What the reset evaluator needs to know about one session (SPEC §7). The caller reads it from the session's
 * metadata.
 *
 * @param historyStartedAt epoch ms when the active history began: the last reset, else the creation
 * @param lastInteractionAt epoch ms of the last real user message (heartbeats, system events, inter-session and tool
 *     traffic never move it); 0 when there was none
 * @param hasMessages whether the active history holds any message; sessions without one are never reset by policy
 * @param lastResetReason {@code idle}, {@code daily}, {@code manual} or {@code expired}; null when never reset
 * @param lastResetAt epoch ms of the last reset; -1 when never reset
 */
public record SessionFacts(long historyStartedAt, long lastInteractionAt, boolean hasMessages, String lastResetReason,
                           long lastResetAt) {
    private static final Set<String> REASONS = Set.of("idle", "daily", "manual", "expired");

    public SessionFacts {
        if (historyStartedAt < 0) {
            throw new IllegalArgumentException("historyStartedAt must be ≥ 0, was " + historyStartedAt);
        }
        if (lastInteractionAt < 0) {
            throw new IllegalArgumentException("lastInteractionAt must be ≥ 0, was " + lastInteractionAt);
        }
        if (lastResetAt < -1) {
            throw new IllegalArgumentException("lastResetAt must be ≥ -1 (-1 = never), was " + lastResetAt);
        }
        if (lastResetReason != null && !REASONS.contains(lastResetReason)) {
            throw new IllegalArgumentException("lastResetReason '" + lastResetReason
                    + "' is not one of idle, daily, manual, expired");
        }
    }

    /** A session that was never reset. */
    public static SessionFacts neverReset(long createdAt, long lastInteractionAt, boolean hasMessages) {
        return new SessionFacts(createdAt, lastInteractionAt, hasMessages, null, -1);
    }
}
