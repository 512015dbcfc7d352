package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every mode × session type × channel override, resolved from configuration and evaluated with one clock: the type
 * sets the mode, the other types get a different one (so a leak between types shows), and the channel either adds
 * nothing ({@code slack}), turns the mode off ({@code telegram}) or raises only the idle hours ({@code whatsapp}).
 */
class ResetMatrixTest {
    private static final List<String> MODES = List.of("off", "idle", "daily");
    private static final List<String> TYPES = List.of("dm", "group", "thread");
    private static final List<String> CHANNELS = List.of("slack", "telegram", "whatsapp");

    // now 04:30Z, inside the 04:00–05:00 UTC window; history began 100 h ago, last interaction 50 h ago
    private static final Instant NOW = Instant.parse("2024-06-10T04:30:00Z");
    private static final SessionFacts FACTS = SessionFacts.neverReset(NOW.minusSeconds(100 * 3600).toEpochMilli(),
            NOW.minusSeconds(50 * 3600).toEpochMilli(), true);

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (String mode : MODES) {
            for (String type : TYPES) {
                for (String channel : CHANNELS) {
                    out.add(Arguments.of(mode, type, channel));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "mode={0} type={1} channel={2}")
    @MethodSource("matrix")
    void eachCombinationResolvesAndEvaluatesAsConfigured(String mode, String type, String channel) {
        Map<String, String> props = new java.util.HashMap<>(Map.of(
                "parley.session.reset.idle-hours", "48",
                "parley.session.reset.timezone", "UTC",
                "parley.session.reset.by-channel.telegram.mode", "off",
                "parley.session.reset.by-channel.whatsapp.idle-hours", "60"));
        for (String t : TYPES) {
            String m = t.equals(type) ? mode : MODES.get((MODES.indexOf(mode) + 1) % MODES.size());
            props.put("parley.session.reset.by-type." + t + ".mode", m);
        }
        var resolved = ResetPolicies.from(props, ZoneOffset.UTC).policyFor("main", channel, type);
        ResetEvaluator evaluator = new ResetEvaluator(new TestClock(NOW));

        String expectedMode = channel.equals("telegram") ? "off" : mode;
        double expectedHours = channel.equals("whatsapp") ? 60 : 48;
        assertThat(resolved.policy().mode().wire()).isEqualTo(expectedMode);
        assertThat(resolved.policy().idleHours()).isEqualTo(expectedHours);
        assertThat(resolved.sources().get("mode")).isEqualTo(channel.equals("telegram") ? "channel" : "type");
        assertThat(resolved.sources().get("idleHours")).isEqualTo(channel.equals("whatsapp") ? "channel" : "global");

        Optional<String> expected = switch (expectedMode) {
            case "idle" -> expectedHours < 50 ? Optional.of("idle") : Optional.empty();
            case "daily" -> Optional.of("daily");
            default -> Optional.empty();
        };
        assertThat(evaluator.due(resolved.policy(), FACTS, true).map(Due::reason)).isEqualTo(expected);
        assertThat(evaluator.due(resolved.policy(), FACTS, false).map(Due::reason)).isEqualTo(expected);
        assertThat(evaluator.nextResetAt(resolved.policy(), FACTS).isPresent()).isEqualTo(!expectedMode.equals("off"));
    }
}
