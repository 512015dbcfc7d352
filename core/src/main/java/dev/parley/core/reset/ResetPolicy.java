package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The reset policy that applies to one session (SPEC §7), after field-by-field resolution.
 *
 * @param mode {@code off}, {@code idle} or {@code daily}
 * @param idleHours hours without interaction before an idle reset; fractional allowed, finite and {@code > 0}
 * @param dailyWindowStart local start of the daily window (minute precision)
 * @param dailyWindowEnd local end of the daily window, exclusive; before the start means the window spans midnight;
 *     never equal to the start
 * @param timezone the zone the window is read in
 * @param preserveSettings keep the per-session settings across a reset, else clear the overrides
 * @param notifyUser show the reset notice first in the model's view
 */
public record ResetPolicy(ResetMode mode, double idleHours, LocalTime dailyWindowStart, LocalTime dailyWindowEnd,
                          ZoneId timezone, boolean preserveSettings, boolean notifyUser) {

    /** The global default hours without interaction before an idle reset. */
    public static final double DEFAULT_IDLE_HOURS = 72;
    public static final LocalTime DEFAULT_WINDOW_START = LocalTime.of(4, 0);
    public static final LocalTime DEFAULT_WINDOW_END = LocalTime.of(5, 0);

    public ResetPolicy {
        requireNonNull(mode, "mode is null");
        requireNonNull(dailyWindowStart, "dailyWindowStart is null");
        requireNonNull(dailyWindowEnd, "dailyWindowEnd is null");
        requireNonNull(timezone, "timezone is null");
        if (!(idleHours > 0) || Double.isInfinite(idleHours)) {
            throw new IllegalArgumentException("idleHours must be a finite number > 0, was " + idleHours);
        }
        dailyWindowStart = dailyWindowStart.withSecond(0).withNano(0);
        dailyWindowEnd = dailyWindowEnd.withSecond(0).withNano(0);
        if (dailyWindowStart.equals(dailyWindowEnd)) {
            throw new IllegalArgumentException("the daily window start and end must differ, both are "
                    + dailyWindowStart);
        }
    }

    /** The SPEC defaults: daily, 72 h, window 04:00–05:00 in {@code zone}, preserve settings, notify the user. */
    public static ResetPolicy defaults(ZoneId zone) {
        return new ResetPolicy(ResetMode.DAILY, DEFAULT_IDLE_HOURS, DEFAULT_WINDOW_START, DEFAULT_WINDOW_END, zone,
                true, true);
    }

    /** {@link #idleHours} as a duration, rounded to the millisecond. */
    public Duration idle() {
        return Duration.ofMillis(Math.round(idleHours * 3_600_000d));
    }
}
