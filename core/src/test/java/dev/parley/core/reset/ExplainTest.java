package dev.parley.core.reset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplainTest {
    private final TestClock clock = new TestClock("2024-06-10T12:00:00Z");
    private final ResetEvaluator evaluator = new ResetEvaluator(clock);

    @Test
    void explainJsonCarriesThePolicyItsSourcesTheNextResetAndWhy() throws Exception {
        var policies = ResetPolicies.from(Map.of(
                "parley.session.reset.timezone", "Europe/Berlin",
                "parley.session.reset.by-type.group.mode", "idle",
                "parley.agents.main.reset.notify-user", "false",
                "parley.session.reset.by-channel.whatsapp.idle-hours", "1.5"), ZoneOffset.UTC);
        var resolved = policies.policyFor("main", "whatsapp", "group");
        var facts = SessionFacts.neverReset(Instant.parse("2024-06-10T11:00:00Z").toEpochMilli(),
                Instant.parse("2024-06-10T11:00:00Z").toEpochMilli(), true);

        // through the wire: written, then read back with the strict mapper
        JsonNode json = Json.MAPPER.readTree(Json.toString(evaluator.explain("group", resolved, facts).toJson()));

        JsonNode expected = Json.MAPPER.readTree("""
                {"type":"group",
                 "reset":{"mode":"idle","idleHours":1.5,"dailyWindow":{"start":"04:00","end":"05:00"},
                          "timezone":"Europe/Berlin","preserveSettings":true,"notifyUser":false,
                          "sources":{"mode":"type","idleHours":"channel","dailyWindowStart":"global",
                                     "dailyWindowEnd":"global","timezone":"global","preserveSettings":"global",
                                     "notifyUser":"agent"}},
                 "nextResetAt":"2024-06-10T12:30:00Z"}
                """);
        JsonNode withoutWhy = ((ObjectNode) json.deepCopy()).without("why");
        assertThat((Object) withoutWhy).isEqualTo(expected);
        assertThat(json.get("why").asText()).contains("idle reset after 1.5 h").contains("2024-06-10T12:30:00Z");
    }

    @Test
    void wholeIdleHoursAreWrittenAsIntegersAndAnOffSessionHasNoNextReset() {
        var resolved = ResetPolicies.from(Map.of("parley.session.reset.by-type.dm.mode", "off"), ZoneOffset.UTC)
                .policyFor("main", null, "dm");
        var facts = SessionFacts.neverReset(0, 0, true);

        JsonNode json = evaluator.explain("dm", resolved, facts).toJson();

        assertThat(json.get("reset").get("idleHours").isIntegralNumber()).isTrue();
        assertThat(json.get("reset").get("idleHours").asLong()).isEqualTo(72);
        assertThat(json.get("reset").get("mode").asText()).isEqualTo("off");
        assertThat(json.get("nextResetAt").isNull()).isTrue();
        assertThat(json.get("reset").get("timezone").asText()).isEqualTo("Z");
        assertThat(json.get("why").asText()).contains("never resets by policy");
    }
}
