package dev.parley.app.events;

import static dev.parley.app.support.Wire.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.app.events.SseClient.Frame;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An inbound message that asks for a turn is seen over SSE as created → appended → {@code turn.queued}. */
@QuarkusTest
class TurnEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventBus bus;

    @Test
    void anInboundMessageQueuesATurnSeenAsTurnQueued() throws Exception {
        String peer = "ev" + UUID.randomUUID().toString().substring(0, 8);
        String key = "agent:main:telegram:dm:" + peer;
        int before = bus.subscriberCount();
        try (SseClient client = SseClient.open("/events?sessionKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (bus.subscriberCount() < before + 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            JsonNode r = call("messages.inbound", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\""
                    + peer + "\"},\"text\":\"hello\"}");
            List<String> names = new ArrayList<>();
            Frame f;
            while (!names.contains("turn.queued") && (f = client.next(WAIT)) != null) {
                names.add(f.event());
                if (f.event().equals("turn.queued")) {
                    JsonNode data = JSON.readTree(f.data());
                    assertThat(data.get("sessionKey").asText()).isEqualTo(key);
                    assertThat(data.get("seq").asLong()).isEqualTo(r.get("seq").asLong());
                }
            }
            assertThat(names).containsExactly("session.created", "message.appended", "turn.queued");
        }
    }
}
