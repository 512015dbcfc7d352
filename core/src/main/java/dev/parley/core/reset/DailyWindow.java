package dev.parley.core.reset;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The daily window of a policy, placed on the time line in its zone.
 *
 * <p>Design notes. A window belongs to the local date of its start. Local times become instants through
 * {@link ZonedDateTime#of}, so a start inside a DST gap moves forward by the gap (02:30 on a spring-forward night in
 * Berlin is 03:30 CEST) and a start inside an overlap takes the earlier offset. An end before the start belongs to
 * the next date (the window spans midnight). If a gap pushes the start to or past the end, the window keeps its
 * nominal length from the shifted start, so the sweep still gets its slot that night.
 */
final class DailyWindow {
    private final LocalTime start;
    private final LocalTime end;
    private final ZoneId zone;

    DailyWindow(ResetPolicy policy) {
        this.start = policy.dailyWindowStart();
        this.end = policy.dailyWindowEnd();
        this.zone = policy.timezone();
    }

    /** The start of the window that belongs to {@code date}. */
    Instant startOn(LocalDate date) {
        return ZonedDateTime.of(date, start, zone).toInstant();
    }

    /** The exclusive end of the window that belongs to {@code date}. */
    Instant endOn(LocalDate date) {
        Instant s = startOn(date);
        LocalDate endDate = end.isBefore(start) ? date.plusDays(1) : date;
        Instant e = ZonedDateTime.of(endDate, end, zone).toInstant();
        return e.isAfter(s) ? e : s.plus(nominalLength());
    }

    /** The local date of the most recent window start at or before {@code now}. */
    LocalDate lastStartDate(Instant now) {
        LocalDate d = LocalDate.ofInstant(now, zone);
        while (startOn(d).isAfter(now)) {
            d = d.minusDays(1);
        }
        return d;
    }

    /** The first window start strictly after {@code now}. */
    Instant nextStart(Instant now) {
        LocalDate d = LocalDate.ofInstant(now, zone).minusDays(1);
        while (!startOn(d).isAfter(now)) {
            d = d.plusDays(1);
        }
        return startOn(d);
    }

    private Duration nominalLength() {
        Duration d = Duration.between(start, end);
        return d.isNegative() ? d.plusDays(1) : d;
    }
}
