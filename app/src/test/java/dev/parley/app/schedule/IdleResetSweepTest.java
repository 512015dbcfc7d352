package dev.parley.app.schedule;

import static dev.parley.app.support.Wire.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * End to end: the scheduled sweep resets an idle session by itself. Idle after 0.0005 h (1.8 s), swept every second;
 * after one inbound message and no further traffic, the history gains a {@code reset} entry with reason {@code idle}.
 */
@QuarkusTest
@TestProfile(IdleResetSweepTest.FastIdle.class)
class IdleResetSweepTest {

    public static class FastIdle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "parley.state-dir", "target/test-data/idle-" + UUID.randomUUID() + "/state",
                    "parley.session.reset.mode", "idle",
                    "parley.session.reset.idle-hours", "0.0005",
                    "parley.reset.check-every", "1s");
        }
    }

    @Test
    void anIdleSessionIsResetByTheSweepWithoutANewMessage() throws InterruptedException {
        // TODO(events): once the ops branch's GET /events is on main, also assert that an SSE client subscribed to
        // this session key sees a session.reset frame.
        String peer = "idle" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long sent = System.nanoTime();
        JsonNode accepted = call("messages.inbound", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\""
                + peer + "\"},\"text\":\"remember JIRA-4821\"}");
        String key = accepted.get("sessionKey").asText();
        List<String> first = types(key);
        if (System.nanoTime() - sent < Duration.ofMillis(1500).toNanos()) {
            // Only meaningful while the session cannot be idle yet (a loaded machine may take longer than 1.8 s).
            assertThat(first).as("not reset before it is idle").containsExactly("message");
        }
        JsonNode explain = call("sessions.explain", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(explain.at("/reset/mode").asText()).isEqualTo("idle");
        assertThat(explain.at("/reset/idleHours").asDouble()).isEqualTo(0.0005);

        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        List<JsonNode> entries = entries(key);
        while (entries.stream().noneMatch(e -> e.get("type").asText().equals("reset")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            entries = entries(key);
        }
        assertThat(entries).as("active history of %s within 15 s", key)
                .extracting(e -> e.get("type").asText()).containsExactly("reset");
        assertThat(entries.get(0).get("reason").asText()).isEqualTo("idle");
        assertThat(entries.get(0).get("notice").asText()).isEqualTo("Session reset (idle)");

        JsonNode all = call("sessions.history", "{\"sessionKey\":\"" + key + "\",\"includeArchived\":true}");
        assertThat(all.get("entries").findValuesAsText("content")).as("the old message is kept, not deleted")
                .contains("remember JIRA-4821");
        assertThat(call("sessions.get", "{\"sessionKey\":\"" + key + "\"}").get("messageCount").asLong()).isZero();

        Thread.sleep(2500);
        assertThat(types(key)).as("a session without messages is not reset again").containsExactly("reset");
    }

    private static List<JsonNode> entries(String key) {
        List<JsonNode> out = new ArrayList<>();
        call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries").forEach(out::add);
        return out;
    }

    private static List<String> types(String key) {
        return entries(key).stream().map(e -> e.get("type").asText()).toList();
    }
}
