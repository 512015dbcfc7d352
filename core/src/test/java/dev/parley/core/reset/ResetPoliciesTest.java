package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResetPoliciesTest {
    private static final ZoneId SYSTEM = ZoneId.of("America/New_York");

    private static ResetPolicies policies(String... kv) {
        Map<String, String> p = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        return ResetPolicies.from(p, SYSTEM);
    }

    @Test
    void withoutConfigurationEveryFieldTakesTheSpecDefaultFromGlobal() {
        var r = policies().policyFor("main", "whatsapp", "dm");

        assertThat(r.policy()).isEqualTo(new ResetPolicy(ResetMode.DAILY, 72, LocalTime.of(4, 0), LocalTime.of(5, 0),
                SYSTEM, true, true));
        assertThat(r.sources()).containsExactly(Map.entry("mode", "global"), Map.entry("idleHours", "global"),
                Map.entry("dailyWindowStart", "global"), Map.entry("dailyWindowEnd", "global"),
                Map.entry("timezone", "global"), Map.entry("preserveSettings", "global"),
                Map.entry("notifyUser", "global"));
    }

    @Test
    void theSystemZoneIsTheDefaultWhenNoneIsGiven() {
        var r = ResetPolicies.from(Map.of("parley.session.reset.timezone", " ")).policyFor(null, null, "dm");

        assertThat(r.policy().timezone()).isEqualTo(ZoneId.systemDefault());
    }

    @Test
    void globalKeysSetEveryField() {
        var r = policies(
                "parley.session.reset.mode", "IDLE",
                "parley.session.reset.idle-hours", "0.25",
                "parley.session.reset.daily-window.start", "22:00",
                "parley.session.reset.daily-window.end", "02:00",
                "parley.session.reset.timezone", "Europe/Berlin",
                "parley.session.reset.preserve-settings", "false",
                "parley.session.reset.notify-user", "False").policyFor("main", null, "group");

        assertThat(r.policy()).isEqualTo(new ResetPolicy(ResetMode.IDLE, 0.25, LocalTime.of(22, 0),
                LocalTime.of(2, 0), ZoneId.of("Europe/Berlin"), false, false));
    }

    @Test
    void precedenceIsFieldByFieldChannelThenTypeThenAgentThenGlobal() {
        var p = policies(
                "parley.session.reset.mode", "off",
                "parley.session.reset.idle-hours", "10",
                "parley.session.reset.timezone", "UTC",
                "parley.agents.main.reset.mode", "daily",
                "parley.agents.main.reset.idle-hours", "20",
                "parley.agents.main.reset.notify-user", "false",
                "parley.session.reset.by-type.group.mode", "idle",
                "parley.session.reset.by-type.group.idle-hours", "30",
                "parley.session.reset.by-channel.whatsapp.idle-hours", "48");

        var r = p.policyFor("main", "whatsapp", "group");

        assertThat(r.policy().mode()).isEqualTo(ResetMode.IDLE);
        assertThat(r.policy().idleHours()).isEqualTo(48);
        assertThat(r.policy().notifyUser()).isFalse();
        assertThat(r.policy().timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(r.sources()).containsEntry("mode", "type").containsEntry("idleHours", "channel")
                .containsEntry("notifyUser", "agent").containsEntry("timezone", "global")
                .containsEntry("preserveSettings", "global");

        var other = p.policyFor("main", "telegram", "dm");
        assertThat(other.policy().mode()).isEqualTo(ResetMode.DAILY);
        assertThat(other.policy().idleHours()).isEqualTo(20);
        assertThat(other.sources()).containsEntry("mode", "agent").containsEntry("idleHours", "agent");

        var otherAgent = p.policyFor("work", "telegram", "dm");
        assertThat(otherAgent.policy().mode()).isEqualTo(ResetMode.OFF);
        assertThat(otherAgent.policy().idleHours()).isEqualTo(10);
        assertThat(otherAgent.policy().notifyUser()).isTrue();
        assertThat(otherAgent.sources()).containsEntry("mode", "global");
    }

    @Test
    void aChannelOverridingOnlyIdleHoursLeavesTheModeToTheType() {
        var r = policies(
                "parley.session.reset.by-type.dm.mode", "idle",
                "parley.session.reset.by-channel.whatsapp.idle-hours", "1.5").policyFor("main", "whatsapp", "dm");

        assertThat(r.policy().mode()).isEqualTo(ResetMode.IDLE);
        assertThat(r.policy().idleHours()).isEqualTo(1.5);
        assertThat(r.sources()).containsEntry("mode", "type").containsEntry("idleHours", "channel");
    }

    @Test
    void agentAndChannelMatchIgnoringCase() {
        var r = policies(
                "parley.agents.Main.reset.mode", "idle",
                "parley.session.reset.by-channel.WhatsApp.idle-hours", "2").policyFor("MAIN", "whatsapp", "thread");

        assertThat(r.policy().mode()).isEqualTo(ResetMode.IDLE);
        assertThat(r.policy().idleHours()).isEqualTo(2);
    }

    @Test
    void keysOfOtherAgentSectionsAndBlankValuesAreIgnored() {
        var r = policies(
                "parley.agents.main.compaction.mode", "manual",
                "parley.agents.main.reset.mode", "",
                "parley.reset.check-every", "1m").policyFor("main", null, "dm");

        assertThat(r.policy().mode()).isEqualTo(ResetMode.DAILY);
        assertThat(r.sources()).containsEntry("mode", "global");
    }

    @Test
    void mainAndSubagentSessionsWithoutAChannelSkipTheChannelLayer() {
        var r = policies("parley.session.reset.by-channel.whatsapp.mode", "off").policyFor("main", null, "dm");

        assertThat(r.policy().mode()).isEqualTo(ResetMode.DAILY);
    }

    @Test
    void anUnknownSessionTypeIsRefused() {
        assertThatThrownBy(() -> policies().policyFor("main", "slack", "channel"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dm, group, thread");
    }

    static Stream<Arguments> invalidConfiguration() {
        return Stream.of(
                Arguments.of("parley.session.reset.mode", "weekly", "off, idle, daily"),
                Arguments.of("parley.session.reset.idle-hours", "0", "number of hours > 0"),
                Arguments.of("parley.session.reset.idle-hours", "-3", "number of hours > 0"),
                Arguments.of("parley.session.reset.idle-hours", "three", "number of hours > 0"),
                Arguments.of("parley.session.reset.idle-hours", "NaN", "number of hours > 0"),
                Arguments.of("parley.session.reset.idle-hours", "Infinity", "number of hours > 0"),
                Arguments.of("parley.session.reset.daily-window.start", "4am", "HH:mm"),
                Arguments.of("parley.session.reset.daily-window.start", "24:00", "HH:mm"),
                Arguments.of("parley.session.reset.daily-window.end", "04:60", "HH:mm"),
                Arguments.of("parley.session.reset.timezone", "Mars/Olympus", "time-zone id"),
                Arguments.of("parley.session.reset.preserve-settings", "yes", "true, false"),
                Arguments.of("parley.session.reset.notify-user", "1", "true, false"),
                Arguments.of("parley.session.reset.idle-minutes", "30", "allowed: mode, idle-hours"),
                Arguments.of("parley.session.reset.by-type.direct.mode", "idle", "dm, group, thread"),
                Arguments.of("parley.session.reset.by-type.dm", "idle", "<name>.<setting>"),
                Arguments.of("parley.session.reset.by-channel.whatsapp.idle", "4", "allowed: mode, idle-hours"),
                Arguments.of("parley.session.reset.by-channel.whatsapp.mode", "sometimes", "off, idle, daily"),
                Arguments.of("parley.agents.main.reset.mode", "never", "off, idle, daily"),
                Arguments.of("parley.agents.main.reset", "idle", "allowed: mode"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidConfiguration")
    void invalidConfigurationFailsNamingTheKeyAndTheAllowedValues(String key, String value, String allowed) {
        assertThatThrownBy(() -> policies(key, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key)
                .hasMessageContaining(allowed);
    }

    @Test
    void aWindowWithEqualStartAndEndFailsNamingBothKeys() {
        assertThatThrownBy(() -> policies("parley.session.reset.daily-window.start", "05:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.session.reset.daily-window.start")
                .hasMessageContaining("parley.session.reset.daily-window.end (default)")
                .hasMessageContaining("must differ");
    }

    @Test
    void aBadMixReachableOnlyThroughAnOverrideFailsAtConstruction() {
        assertThatThrownBy(() -> policies(
                "parley.session.reset.daily-window.end", "03:00",
                "parley.session.reset.by-channel.slack.daily-window.start", "03:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.session.reset.by-channel.slack.daily-window.start")
                .hasMessageContaining("parley.session.reset.daily-window.end");
    }
}
