package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random daily policies (zones with DST, half-hour DST and odd offsets; windows across midnight) checked
 * against the rules: a sweep reset implies a lazy one, a reset is not due again until the next window start, and at
 * that start the sweep is due. Rerun one case with {@code -Dreset.seed=<seed>}.
 */
class DailyResetPropertiesTest {
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Pacific/Chatham");
    private static final Instant FROM = Instant.parse("2023-01-01T00:00:00Z");

    static Stream<Long> seeds() {
        String fixed = System.getProperty("reset.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = new Random().nextLong();
        return LongStream.range(0, 200).mapToObj(i -> base + i);
    }

    @ParameterizedTest(name = "seed={0}")
    @MethodSource("seeds")
    void aDailyResetHappensAtMostOncePerWindowAndAgainAtTheNextStart(long seed) {
        System.out.println("DailyResetPropertiesTest seed=" + seed);
        Random r = new Random(seed);
        LocalTime start = LocalTime.of(r.nextInt(24), r.nextInt(4) * 15);
        LocalTime end = start.plusMinutes(15 + r.nextInt(24 * 60 - 30));
        ResetPolicy p = new ResetPolicy(ResetMode.DAILY, 72, start, end, ZoneId.of(ZONES.get(r.nextInt(ZONES.size()))),
                true, true);
        Instant now = FROM.plus(Duration.ofMinutes(r.nextInt(2 * 365 * 24 * 60)));
        long began = now.minus(Duration.ofMinutes(r.nextInt(4 * 24 * 60))).toEpochMilli();
        SessionFacts f = SessionFacts.neverReset(began, began, true);
        ResetEvaluator ev = new ResetEvaluator(new TestClock(now));

        Optional<Due> sweep = ev.due(p, f, now, true);
        Optional<Due> lazy = ev.due(p, f, now, false);
        if (sweep.isPresent()) {
            assertThat(lazy).as("a sweep reset is also a lazy one").isEqualTo(sweep);
        }
        assertThat(ev.nextResetAt(p, f, now)).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(now));

        // reset now (lazily, as a message would), then walk to the next window start
        SessionFacts reset = new SessionFacts(now.toEpochMilli(), now.toEpochMilli(), true, "daily",
                now.toEpochMilli());
        Instant next = ev.nextResetAt(p, reset, now).orElseThrow();
        assertThat(next).isAfter(now).isBefore(now.plus(Duration.ofHours(26)));
        for (int i = 0; i < 5; i++) {
            Instant between = now.plusMillis((long) (r.nextDouble() * Duration.between(now, next).toMillis()));
            if (between.isBefore(next)) {
                assertThat(ev.due(p, reset, between, false)).as("not due again at %s", between).isEmpty();
            }
        }
        assertThat(ev.due(p, reset, next, true)).as("due at the next start %s", next)
                .contains(new Due("daily", "daily:" + next));
    }
}
