package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LifecycleRulesTest {
    private final TestClock clock = new TestClock("2024-06-10T12:00:00Z");
    private static final long T0 = Instant.parse("2024-06-01T12:00:00Z").toEpochMilli();

    @Test
    void byDefaultNothingArchivesOrExpiresAndTrashIsKeptSevenDays() {
        LifecycleRules rules = LifecycleRules.from(Map.of());

        assertThat(rules.archiveAfter()).isEmpty();
        assertThat(rules.expiration()).isEmpty();
        assertThat(rules.trashRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(rules.archiveDue(clock.instant(), 0)).isFalse();
        assertThat(rules.expiryDue(clock.instant(), 0)).isFalse();
    }

    @Test
    void archiveIsDueOnlyAfterMoreThanTheConfiguredDaysWithoutInteraction() {
        LifecycleRules rules = LifecycleRules.from(Map.of("parley.session.archive-after-days", "3"));
        clock.set(Instant.ofEpochMilli(T0).plus(Duration.ofDays(3)));

        assertThat(rules.archiveDue(clock.instant(), T0)).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(rules.archiveDue(clock.instant(), T0)).isTrue();
    }

    @ParameterizedTest(name = "{0} = {1} minutes")
    @CsvSource({"30d, 43200", "12h, 720", "90m, 90", "PT2H, 120", "3600s, 60"})
    void expirationTakesQuarkusDurations(String value, long minutes) {
        LifecycleRules rules = LifecycleRules.from(Map.of("parley.session.expiration", value));

        assertThat(rules.expiration()).contains(Duration.ofMinutes(minutes));
        clock.set(Instant.ofEpochMilli(T0).plus(Duration.ofMinutes(minutes)));
        assertThat(rules.expiryDue(clock.instant(), T0)).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(rules.expiryDue(clock.instant(), T0)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"off", "OFF", "0", " "})
    void offZeroOrEmptyTurnArchivingAndExpiryOff(String value) {
        LifecycleRules rules = LifecycleRules.from(Map.of("parley.session.archive-after-days", value,
                "parley.session.expiration", value));

        assertThat(rules.archiveAfter()).isEqualTo(Optional.empty());
        assertThat(rules.expiration()).isEqualTo(Optional.empty());
    }

    @Test
    void trashIsPurgedAfterTheRetentionDays() {
        LifecycleRules rules = LifecycleRules.from(Map.of("parley.session.trash-retention-days", "2"));
        clock.set(Instant.ofEpochMilli(T0).plus(Duration.ofDays(2)));

        assertThat(rules.trashPurgeDue(clock.instant(), T0)).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(rules.trashPurgeDue(clock.instant(), T0)).isTrue();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "parley.session.archive-after-days, soon, 'whole number of days ≥ 1 or off'",
        "parley.session.archive-after-days, -2, 'whole number of days ≥ 1 or off'",
        "parley.session.expiration, tomorrow, 'not a duration'",
        "parley.session.expiration, -5m, 'positive duration'",
        "parley.session.trash-retention-days, a week, 'not an integer ≥ 0'",
        "parley.session.trash-retention-days, -1, 'not an integer ≥ 0'"})
    void invalidLifecycleValuesFailNamingTheKey(String key, String value, String allowed) {
        assertThatThrownBy(() -> LifecycleRules.from(Map.of(key, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(allowed);
    }
}
