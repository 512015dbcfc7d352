package dev.parley.app.schedule;

import static dev.parley.app.support.Wire.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.events.EventBus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * End to end: the scheduled sweep resets an idle session by itself. Idle after 0.0005 h (1.8 s), swept every second;
 * after one inbound message and no further traffic, the history gains a {@code reset} entry with reason {@code idle},
 * and an SSE client subscribed to the session sees {@code session.reset}.
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

    @Inject
    EventBus bus;

    @Test
    void anIdleSessionIsResetByTheSweepWithoutANewMessage() throws InterruptedException {
        String peer = "idle" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String expectedKey = "agent:main:telegram:dm:" + peer;
        int subscribers = bus.subscriberCount();
        HttpRequest subscribe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port
                + "/events?sessionKey=" + URLEncoder.encode(expectedKey, StandardCharsets.UTF_8))).GET().build();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> sse = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build()
                .sendAsync(subscribe, HttpResponse.BodyHandlers.ofLines());
        sse.thenAcceptAsync(r -> r.body().filter(l -> l.startsWith("event:"))
                .forEach(l -> events.add(l.substring("event:".length()).strip())));
        long subscribed = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bus.subscriberCount() <= subscribers && System.nanoTime() < subscribed) {
            Thread.sleep(20);
        }
        assertThat(bus.subscriberCount()).as("the SSE client is subscribed").isGreaterThan(subscribers);
        long sent = System.nanoTime();
        JsonNode accepted = call("messages.inbound", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\""
                + peer + "\"},\"text\":\"remember JIRA-4821\"}");
        String key = accepted.get("sessionKey").asText();
        assertThat(key).isEqualTo(expectedKey);
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
        List<String> seen = new ArrayList<>();
        while (!seen.contains("session.reset") && System.nanoTime() < deadline + Duration.ofSeconds(5).toNanos()) {
            String event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null) {
                seen.add(event);
            }
        }
        assertThat(seen).as("SSE events of %s", key).contains("session.created", "message.appended", "session.reset");
        sse.cancel(true);

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
