package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

/**
 * A policy reset that is due now.
 *
 * @param reason {@code idle} or {@code daily}, the {@code reason} of the reset entry
 * @param periodKey identifies the period the reset belongs to ({@code daily:<window start instant>} or
 *     {@code idle:<instant the idle time counts from>}): a sweep that already reset a session for this key must not
 *     reset it again
 */
public record Due(String reason, String periodKey) {
    public Due {
        requireNonNull(reason, "reason is null");
        requireNonNull(periodKey, "periodKey is null");
        if (!reason.equals("idle") && !reason.equals("daily")) {
            throw new IllegalArgumentException("reason '" + reason + "' is not one of idle, daily");
        }
        if (!periodKey.startsWith(reason + ":")) {
            throw new IllegalArgumentException("periodKey '" + periodKey + "' must start with '" + reason + ":'");
        }
    }
}
