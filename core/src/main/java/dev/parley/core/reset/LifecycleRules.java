package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

import dev.parley.core.context.Props;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The durations the lifecycle sweep applies (SPEC §3, §7): archive after {@code parley.session.archive-after-days}
 * without interaction (default off), expire after {@code parley.session.expiration} without interaction (a Quarkus
 * duration such as {@code 30d}, {@code 12h}, {@code 90m}; default off) and purge trash after
 * {@code parley.session.trash-retention-days} (default 7). {@code off}, {@code 0} or an empty value turn archiving
 * and expiry off.
 *
 * <p>The {@code lastInteractionAt} passed in is the caller's choice of "last interaction"; for a session that never
 * had one, pass the later of it and the start of its history, or it is due at once.
 *
 * @param archiveAfter time without interaction before a session is archived; empty = never
 * @param expiration time without interaction before a session expires; empty = never
 * @param trashRetention how long a deleted session stays in {@code trash/}
 */
public record LifecycleRules(Optional<Duration> archiveAfter, Optional<Duration> expiration, Duration trashRetention) {
    public static final String ARCHIVE_AFTER_DAYS = "parley.session.archive-after-days";
    public static final String EXPIRATION = "parley.session.expiration";
    public static final String TRASH_RETENTION_DAYS = "parley.session.trash-retention-days";

    public LifecycleRules {
        requireNonNull(archiveAfter, "archiveAfter is null");
        requireNonNull(expiration, "expiration is null");
        requireNonNull(trashRetention, "trashRetention is null");
        archiveAfter.ifPresent(d -> positive("archiveAfter", d));
        expiration.ifPresent(d -> positive("expiration", d));
        if (trashRetention.isNegative()) {
            throw new IllegalArgumentException("trashRetention must be ≥ 0, was " + trashRetention);
        }
    }

    /**
     * Reads the three keys.
     *
     * @throws IllegalArgumentException naming the key and the allowed values
     */
    public static LifecycleRules from(Map<String, String> props) {
        Optional<Duration> archive = Optional.empty();
        if (!off(props.get(ARCHIVE_AFTER_DAYS))) {
            try {
                archive = Optional.of(Duration.ofDays(Props.longValue(props, ARCHIVE_AFTER_DAYS, 0, 1)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ARCHIVE_AFTER_DAYS + ": '" + props.get(ARCHIVE_AFTER_DAYS)
                        + "' is not a whole number of days ≥ 1 or off", e);
            }
        }
        Optional<Duration> expiry = Optional.empty();
        if (!off(props.get(EXPIRATION))) {
            Duration d = Props.duration(props, EXPIRATION, Duration.ZERO);
            if (d.isNegative()) {
                throw new IllegalArgumentException(EXPIRATION + ": '" + props.get(EXPIRATION)
                        + "' is not a positive duration (e.g. 30d, 12h, 90m) or off");
            }
            expiry = d.isZero() ? Optional.empty() : Optional.of(d);
        }
        Duration trash = Duration.ofDays(Props.longValue(props, TRASH_RETENTION_DAYS, 7, 0));
        return new LifecycleRules(archive, expiry, trash);
    }

    /** Whether a session last interacted with at {@code lastInteractionAt} (epoch ms) is due for archiving. */
    public boolean archiveDue(Instant now, long lastInteractionAt) {
        return archiveAfter.isPresent() && elapsed(now, lastInteractionAt) > archiveAfter.get().toMillis();
    }

    /** Whether a session last interacted with at {@code lastInteractionAt} (epoch ms) has expired. */
    public boolean expiryDue(Instant now, long lastInteractionAt) {
        return expiration.isPresent() && elapsed(now, lastInteractionAt) > expiration.get().toMillis();
    }

    /** Whether a session deleted at {@code deletedAt} (epoch ms) is to be purged from {@code trash/}. */
    public boolean trashPurgeDue(Instant now, long deletedAt) {
        return elapsed(now, deletedAt) > trashRetention.toMillis();
    }

    private static long elapsed(Instant now, long since) {
        return now.toEpochMilli() - since;
    }

    private static boolean off(String v) {
        if (v == null) {
            return true;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.isEmpty() || t.equals("off") || t.equals("0");
    }

    private static void positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + d);
        }
    }
}
