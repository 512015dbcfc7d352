package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Decides whether a session's policy reset is due (SPEC §7). Pure: it reads only the policy, the session's facts and
 * the injected clock (or an explicit {@code now}).
 *
 * <p>Design notes.
 * <ul>
 *   <li>Mode {@code off} and sessions without a message in their active history are never due.
 *   <li><b>idle</b>: due when {@code now − since > idleHours}, where {@code since} is the later of
 *       {@code lastInteractionAt} and {@code historyStartedAt}. Counting from the start of the history as well keeps
 *       a fresh history (a spawned session, or one reset by hand, that has had no user message yet) from being due
 *       at once. The sweep and a lazy check agree.
 *   <li><b>daily</b>: due when the active history (and the last reset) began strictly before the most recent
 *       window start; a reset moves {@code historyStartedAt} past that start, so a session resets at most once per
 *       window. A lazy check (a message arriving) applies at any time; the scheduled sweep only while now is inside
 *       [start, end) of that window. See {@link DailyWindow} for midnight and DST.
 *   <li>{@link Due#periodKey()} names the period, so the sweep can be idempotent per session and period.
 * </ul>
 */
public final class ResetEvaluator {
    private final InstantSource clock;

    public ResetEvaluator(InstantSource clock) {
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** {@link #due(ResetPolicy, SessionFacts, Instant, boolean)} at the clock's now. */
    public Optional<Due> due(ResetPolicy policy, SessionFacts facts, boolean scheduledSweep) {
        return due(policy, facts, clock.instant(), scheduledSweep);
    }

    /**
     * The reset due at {@code now}, if any.
     *
     * @param scheduledSweep true for the scheduled sweep (daily resets only inside the window), false for a lazy
     *     check when a message arrives (any time)
     */
    public Optional<Due> due(ResetPolicy policy, SessionFacts facts, Instant now, boolean scheduledSweep) {
        requireNonNull(policy, "policy is null");
        requireNonNull(facts, "facts is null");
        requireNonNull(now, "now is null");
        if (policy.mode() == ResetMode.OFF || !facts.hasMessages()) {
            return Optional.empty();
        }
        return policy.mode() == ResetMode.IDLE ? idleDue(policy, facts, now) : dailyDue(policy, facts, now,
                scheduledSweep);
    }

    /** {@link #nextResetAt(ResetPolicy, SessionFacts, Instant)} at the clock's now. */
    public Optional<Instant> nextResetAt(ResetPolicy policy, SessionFacts facts) {
        return nextResetAt(policy, facts, clock.instant());
    }

    /**
     * When the scheduled sweep would next reset the session if nothing else happens: {@code now} when it is due for
     * the sweep now, else the end of the idle time or the next window start; empty for mode {@code off} and for
     * sessions without messages. (A lazy daily reset can come earlier: the next message after a missed window.)
     */
    public Optional<Instant> nextResetAt(ResetPolicy policy, SessionFacts facts, Instant now) {
        if (policy.mode() == ResetMode.OFF || !facts.hasMessages()) {
            return Optional.empty();
        }
        if (due(policy, facts, now, true).isPresent()) {
            return Optional.of(now);
        }
        if (policy.mode() == ResetMode.IDLE) {
            return Optional.of(Instant.ofEpochMilli(idleSince(facts)).plus(policy.idle()));
        }
        return Optional.of(new DailyWindow(policy).nextStart(now));
    }

    /** {@link #why(ResetPolicy, SessionFacts, Instant)} at the clock's now. */
    public String why(ResetPolicy policy, SessionFacts facts) {
        return why(policy, facts, clock.instant());
    }

    /** A sentence for {@code sessions.explain}: why the session is or is not due, and when it will be. */
    public String why(ResetPolicy policy, SessionFacts facts, Instant now) {
        if (policy.mode() == ResetMode.OFF) {
            return "reset mode is off: the session never resets by policy";
        }
        if (!facts.hasMessages()) {
            return "the active history has no message yet; sessions without messages are never reset by policy";
        }
        String last = facts.lastResetReason() == null ? ""
                : " (last reset: " + facts.lastResetReason() + " at " + Instant.ofEpochMilli(facts.lastResetAt()) + ")";
        return (policy.mode() == ResetMode.IDLE ? idleWhy(policy, facts, now) : dailyWhy(policy, facts, now)) + last;
    }

    /** {@link #explain(String, ResetPolicies.Resolved, SessionFacts, Instant)} at the clock's now. */
    public Explain explain(String type, ResetPolicies.Resolved resolved, SessionFacts facts) {
        return explain(type, resolved, facts, clock.instant());
    }

    /** The reset part of {@code sessions.explain} for a session of {@code type} ({@code dm|group|thread}). */
    public Explain explain(String type, ResetPolicies.Resolved resolved, SessionFacts facts, Instant now) {
        ResetPolicy p = resolved.policy();
        return new Explain(type, p, resolved.sources(), nextResetAt(p, facts, now).orElse(null), why(p, facts, now));
    }

    private static Optional<Due> idleDue(ResetPolicy policy, SessionFacts facts, Instant now) {
        long since = idleSince(facts);
        if (now.toEpochMilli() - since > policy.idle().toMillis()) {
            return Optional.of(new Due("idle", "idle:" + Instant.ofEpochMilli(since)));
        }
        return Optional.empty();
    }

    private static Optional<Due> dailyDue(ResetPolicy policy, SessionFacts facts, Instant now, boolean sweep) {
        DailyWindow window = new DailyWindow(policy);
        LocalDate date = window.lastStartDate(now);
        Instant start = window.startOn(date);
        if (!begunBefore(facts, start)) {
            return Optional.empty();
        }
        if (sweep && !now.isBefore(window.endOn(date))) {
            return Optional.empty();
        }
        return Optional.of(new Due("daily", "daily:" + start));
    }

    private static boolean begunBefore(SessionFacts facts, Instant windowStart) {
        long ws = windowStart.toEpochMilli();
        return facts.historyStartedAt() < ws && facts.lastResetAt() < ws;
    }

    private static long idleSince(SessionFacts facts) {
        return Math.max(facts.lastInteractionAt(), facts.historyStartedAt());
    }

    private static String idleWhy(ResetPolicy policy, SessionFacts facts, Instant now) {
        Instant since = Instant.ofEpochMilli(idleSince(facts));
        String idleFor = hours((now.toEpochMilli() - since.toEpochMilli()) / 3_600_000d);
        String limit = hours(policy.idleHours());
        if (idleDue(policy, facts, now).isPresent()) {
            return "idle for " + idleFor + " h since " + since + ", more than idle-hours " + limit + ": due now";
        }
        return "idle reset after " + limit + " h without interaction; idle for " + idleFor + " h since " + since
                + ": due after " + since.plus(policy.idle());
    }

    private static String dailyWhy(ResetPolicy policy, SessionFacts facts, Instant now) {
        DailyWindow window = new DailyWindow(policy);
        LocalDate date = window.lastStartDate(now);
        Instant start = window.startOn(date);
        Instant began = Instant.ofEpochMilli(facts.historyStartedAt());
        String frame = "daily window " + policy.dailyWindowStart() + "–" + policy.dailyWindowEnd() + " "
                + policy.timezone().getId();
        if (!begunBefore(facts, start)) {
            return frame + ": the history began at " + began + ", after the last window start " + start
                    + " (at most one reset per window); next window starts " + window.nextStart(now);
        }
        if (now.isBefore(window.endOn(date))) {
            return frame + ": the history began at " + began + ", before the window that started " + start
                    + ": due now";
        }
        return frame + ": the history began at " + began + ", before the last window start " + start
                + ": the next message resets it; otherwise the sweep does at " + window.nextStart(now);
    }

    /** Hours for humans: {@code 72}, {@code 1.5}, {@code 0.25}. */
    static String hours(double h) {
        return new BigDecimal(Double.toString(Math.round(h * 100) / 100d)).stripTrailingZeros().toPlainString();
    }
}
