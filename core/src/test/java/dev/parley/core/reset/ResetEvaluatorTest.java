package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResetEvaluatorTest {
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final TestClock clock = new TestClock("2024-06-10T12:00:00Z");
    private final ResetEvaluator evaluator = new ResetEvaluator(clock);

    private static ResetPolicy idle(double hours) {
        return new ResetPolicy(ResetMode.IDLE, hours, LocalTime.of(4, 0), LocalTime.of(5, 0), UTC, true, true);
    }

    private static ResetPolicy daily(String start, String end, ZoneId zone) {
        return new ResetPolicy(ResetMode.DAILY, 72, LocalTime.parse(start), LocalTime.parse(end), zone, true, true);
    }

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static SessionFacts startedAt(String iso) {
        return SessionFacts.neverReset(ms(iso), ms(iso), true);
    }

    private Optional<Due> sweep(ResetPolicy p, SessionFacts f) {
        return evaluator.due(p, f, true);
    }

    private Optional<Due> lazy(ResetPolicy p, SessionFacts f) {
        return evaluator.due(p, f, false);
    }

    // ---- idle ----

    @Test
    void fractionalIdleHoursAreDueOnlyOnceStrictlyMoreTimeHasPassed() {
        ResetPolicy p = idle(1.5);
        SessionFacts f = SessionFacts.neverReset(ms("2024-06-10T08:00:00Z"), ms("2024-06-10T10:00:00Z"), true);

        clock.set("2024-06-10T11:30:00Z");
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).isEmpty();
        assertThat(evaluator.nextResetAt(p, f)).contains(Instant.parse("2024-06-10T11:30:00Z"));

        clock.advance(Duration.ofMillis(1));
        assertThat(sweep(p, f)).contains(new Due("idle", "idle:2024-06-10T10:00:00Z"));
        assertThat(lazy(p, f)).contains(new Due("idle", "idle:2024-06-10T10:00:00Z"));
        assertThat(evaluator.nextResetAt(p, f)).contains(clock.instant());
    }

    @Test
    void idleTimeOfAFreshHistoryWithoutInteractionCountsFromTheStartOfTheHistory() {
        // e.g. a spawned session that only holds inter-session messages: lastInteractionAt never moved
        ResetPolicy p = idle(2);
        SessionFacts f = SessionFacts.neverReset(ms("2024-06-10T11:00:00Z"), 0, true);

        assertThat(sweep(p, f)).isEmpty();
        clock.set("2024-06-10T13:00:00.001Z");
        assertThat(sweep(p, f)).contains(new Due("idle", "idle:2024-06-10T11:00:00Z"));
    }

    @Test
    void idleResetsIgnoreTheDailyWindow() {
        ResetPolicy p = idle(1);
        SessionFacts f = startedAt("2024-06-10T06:00:00Z");

        clock.set("2024-06-10T12:00:00Z");
        assertThat(sweep(p, f)).isPresent();
    }

    // ---- daily: window, once per window, sweep vs lazy ----

    @Test
    void theSweepResetsOnlyInsideTheWindowButALazyCheckAppliesAnyTime() {
        ResetPolicy p = daily("04:00", "05:00", UTC);
        SessionFacts f = startedAt("2024-06-08T10:00:00Z");

        clock.set("2024-06-10T03:59:59.999Z");
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).contains(new Due("daily", "daily:2024-06-09T04:00:00Z"));

        clock.set("2024-06-10T04:00:00Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-06-10T04:00:00Z"));
        assertThat(lazy(p, f)).contains(new Due("daily", "daily:2024-06-10T04:00:00Z"));

        clock.set("2024-06-10T04:59:59.999Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-06-10T04:00:00Z"));

        clock.set("2024-06-10T05:00:00Z");
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).contains(new Due("daily", "daily:2024-06-10T04:00:00Z"));
    }

    @Test
    void aSessionResetInThisWindowIsNotDueAgainUntilTheNextWindowStarts() {
        ResetPolicy p = daily("04:00", "05:00", UTC);
        clock.set("2024-06-10T04:10:00Z");
        SessionFacts reset = new SessionFacts(ms("2024-06-10T04:10:00Z"), ms("2024-06-09T20:00:00Z"), true, "daily",
                ms("2024-06-10T04:10:00Z"));

        assertThat(sweep(p, reset)).isEmpty();
        clock.set("2024-06-10T04:50:00Z");
        assertThat(sweep(p, reset)).isEmpty();
        clock.set("2024-06-11T03:59:00Z");
        assertThat(lazy(p, reset)).isEmpty();
        clock.set("2024-06-11T04:00:00Z");
        assertThat(sweep(p, reset)).contains(new Due("daily", "daily:2024-06-11T04:00:00Z"));
    }

    @Test
    void aHistoryThatBeganInsideTheWindowIsNotDueInThatWindow() {
        ResetPolicy p = daily("04:00", "05:00", UTC);
        SessionFacts f = startedAt("2024-06-10T04:00:00Z");

        clock.set("2024-06-10T04:30:00Z");
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).isEmpty();
    }

    @Test
    void aLastResetInsideTheWindowAlsoCountsAsThisWindowsReset() {
        ResetPolicy p = daily("04:00", "05:00", UTC);
        SessionFacts f = new SessionFacts(ms("2024-06-01T00:00:00Z"), ms("2024-06-01T00:00:00Z"), true, "manual",
                ms("2024-06-10T04:05:00Z"));

        clock.set("2024-06-10T04:30:00Z");
        assertThat(sweep(p, f)).isEmpty();
    }

    @Test
    void aWindowAcrossMidnightBelongsToTheDayItStarts() {
        ResetPolicy p = daily("22:00", "02:00", BERLIN); // CEST, UTC+2, in June
        SessionFacts f = startedAt("2024-06-10T18:00:00Z"); // 20:00 local

        clock.set("2024-06-10T19:59:00Z"); // 21:59 local: before the window
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).isEmpty();

        clock.set("2024-06-10T21:00:00Z"); // 23:00 local
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-06-10T20:00:00Z"));

        clock.set("2024-06-10T23:30:00Z"); // 01:30 local, next day: still the window of the 10th
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-06-10T20:00:00Z"));

        clock.set("2024-06-11T00:00:00Z"); // 02:00 local: the window has ended
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).contains(new Due("daily", "daily:2024-06-10T20:00:00Z"));

        SessionFacts resetAt0130 = new SessionFacts(ms("2024-06-10T23:30:00Z"), ms("2024-06-10T23:30:00Z"), true,
                "daily", ms("2024-06-10T23:30:00Z"));
        clock.set("2024-06-11T10:00:00Z");
        assertThat(lazy(p, resetAt0130)).isEmpty();
        assertThat(evaluator.nextResetAt(p, resetAt0130)).contains(Instant.parse("2024-06-11T20:00:00Z"));
        clock.set("2024-06-11T20:00:00Z");
        assertThat(sweep(p, resetAt0130)).contains(new Due("daily", "daily:2024-06-11T20:00:00Z"));
    }

    // ---- daily across DST (Europe/Berlin) ----

    @Test
    void aWindowStartInTheSpringForwardGapShiftsForwardByTheGap() {
        // 2024-03-31: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist and becomes 03:30 CEST = 01:30Z
        ResetPolicy p = daily("02:30", "04:00", BERLIN);
        SessionFacts f = startedAt("2024-03-30T12:00:00Z");

        clock.set("2024-03-31T01:00:00Z"); // 03:00 CEST
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).isEmpty();
        assertThat(evaluator.nextResetAt(p, f)).contains(Instant.parse("2024-03-31T01:30:00Z"));

        clock.set("2024-03-31T01:30:00Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-03-31T01:30:00Z"));

        clock.set("2024-03-31T02:00:00Z"); // 04:00 CEST: end
        assertThat(sweep(p, f)).isEmpty();
        assertThat(lazy(p, f)).contains(new Due("daily", "daily:2024-03-31T01:30:00Z"));

        // the next day the window is back at 02:30 local, now CEST = 00:30Z
        SessionFacts reset = startedAt("2024-03-31T01:30:00Z");
        assertThat(evaluator.nextResetAt(p, reset)).contains(Instant.parse("2024-04-01T00:30:00Z"));
    }

    @Test
    void aWindowSwallowedByTheGapKeepsItsNominalLengthFromTheShiftedStart() {
        // 02:30–03:00: the start becomes 03:30 CEST, after the end (03:00 CEST); the sweep still gets 30 minutes
        ResetPolicy p = daily("02:30", "03:00", BERLIN);
        SessionFacts f = startedAt("2024-03-30T12:00:00Z");

        clock.set("2024-03-31T01:45:00Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-03-31T01:30:00Z"));
        clock.set("2024-03-31T02:00:00Z");
        assertThat(sweep(p, f)).isEmpty();
    }

    @Test
    void aWindowStartInTheAutumnOverlapTakesTheEarlierOffset() {
        // 2024-10-27: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice, the first (CEST, 00:30Z) counts;
        // the end 03:30 exists once (CET, 02:30Z), so the window lasts two hours
        ResetPolicy p = daily("02:30", "03:30", BERLIN);
        SessionFacts f = startedAt("2024-10-26T12:00:00Z");

        clock.set("2024-10-27T00:29:59Z");
        assertThat(sweep(p, f)).isEmpty();
        clock.set("2024-10-27T00:30:00Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-10-27T00:30:00Z"));
        clock.set("2024-10-27T02:29:59Z");
        assertThat(sweep(p, f)).contains(new Due("daily", "daily:2024-10-27T00:30:00Z"));
        clock.set("2024-10-27T02:30:00Z");
        assertThat(sweep(p, f)).isEmpty();

        // reset during the first 02:45 (CEST); at the second 02:15 (CET) it is not due again
        SessionFacts reset = new SessionFacts(ms("2024-10-27T00:45:00Z"), ms("2024-10-27T00:45:00Z"), true, "daily",
                ms("2024-10-27T00:45:00Z"));
        clock.set("2024-10-27T01:15:00Z");
        assertThat(sweep(p, reset)).isEmpty();
        assertThat(lazy(p, reset)).isEmpty();
        assertThat(evaluator.nextResetAt(p, reset)).contains(Instant.parse("2024-10-28T01:30:00Z"));
    }

    // ---- empty history, off, nextResetAt ----

    @Test
    void aSessionWithoutMessagesIsNeverDueUnderAnyMode() {
        SessionFacts empty = SessionFacts.neverReset(ms("2020-01-01T00:00:00Z"), 0, false);
        clock.set("2024-06-10T04:30:00Z");

        for (ResetPolicy p : new ResetPolicy[] {idle(0.01), daily("04:00", "05:00", UTC)}) {
            assertThat(sweep(p, empty)).isEmpty();
            assertThat(lazy(p, empty)).isEmpty();
            assertThat(evaluator.nextResetAt(p, empty)).isEmpty();
            assertThat(evaluator.why(p, empty)).contains("no message");
        }
    }

    @Test
    void modeOffIsNeverDueAndHasNoNextReset() {
        ResetPolicy off = new ResetPolicy(ResetMode.OFF, 0.01, LocalTime.of(4, 0), LocalTime.of(5, 0), UTC, true,
                true);
        SessionFacts f = startedAt("2020-01-01T00:00:00Z");
        clock.set("2024-06-10T04:30:00Z");

        assertThat(sweep(off, f)).isEmpty();
        assertThat(lazy(off, f)).isEmpty();
        assertThat(evaluator.nextResetAt(off, f)).isEmpty();
        assertThat(evaluator.why(off, f)).contains("off");
    }

    @Test
    void nextResetAtOfADailySessionIsNowInsideTheWindowElseTheNextWindowStart() {
        ResetPolicy p = daily("04:00", "05:00", UTC);
        SessionFacts f = startedAt("2024-06-08T10:00:00Z");

        clock.set("2024-06-10T04:20:00Z");
        assertThat(evaluator.nextResetAt(p, f)).contains(Instant.parse("2024-06-10T04:20:00Z"));
        clock.set("2024-06-10T12:00:00Z"); // lazily due, but the sweep waits for tomorrow's window
        assertThat(evaluator.nextResetAt(p, f)).contains(Instant.parse("2024-06-11T04:00:00Z"));
        assertThat(evaluator.why(p, f)).contains("the next message resets it");
    }

    @Test
    void whyNamesTheStateOfEachMode() {
        clock.set("2024-06-10T04:20:00Z");
        SessionFacts f = new SessionFacts(ms("2024-06-08T10:00:00Z"), ms("2024-06-10T03:20:00Z"), true, "manual",
                ms("2024-06-08T10:00:00Z"));

        assertThat(evaluator.why(daily("04:00", "05:00", UTC), f)).contains("due now")
                .contains("last reset: manual at 2024-06-08T10:00:00Z");
        assertThat(evaluator.why(idle(1.5), f)).contains("idle reset after 1.5 h").contains("idle for 1 h")
                .contains("due after 2024-06-10T04:50:00Z");
        assertThat(evaluator.why(idle(0.5), f)).contains("more than idle-hours 0.5: due now");
    }
}
