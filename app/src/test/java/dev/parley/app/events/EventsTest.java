package dev.parley.app.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.app.events.SseClient.Frame;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** {@code GET /events} against the real server with a real SSE client (SPEC §12). */
@QuarkusTest
class EventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventBus bus;

    @Test
    void aPublishedEventArrivesAsANamedFrameWithoutContent() throws Exception {
        int before = bus.subscriberCount();
        try (SseClient client = SseClient.open("/events")) {
            assertThat(client.head().statusCode()).isEqualTo(200);
            assertThat(client.head().headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            awaitSubscribers(before + 1);

            bus.publish("message.appended", "agent:main:main", "main", 12L);
            bus.publish("session.created", "agent:main:other", "main", null);

            Frame appended = client.next(WAIT);
            assertThat(appended.event()).isEqualTo("message.appended");
            JsonNode data = JSON.readTree(appended.data());
            assertThat(data.get("type").asText()).isEqualTo("message.appended");
            assertThat(data.get("sessionKey").asText()).isEqualTo("agent:main:main");
            assertThat(data.get("agentId").asText()).isEqualTo("main");
            assertThat(data.get("seq").asLong()).isEqualTo(12);
            assertThat(data.get("timestamp").asLong()).isPositive();
            assertThat(data.size()).isEqualTo(5);

            Frame created = client.next(WAIT);
            assertThat(created.event()).isEqualTo("session.created");
            assertThat(JSON.readTree(created.data()).has("seq")).isFalse();
        }
        await(() -> bus.subscriberCount() == before);
    }

    @Test
    void filtersKeepOnlyTheAgentOrSessionAsked() throws Exception {
        int before = bus.subscriberCount();
        try (SseClient byAgent = SseClient.open("/events?agentId=ops");
                SseClient byKey = SseClient.open("/events?sessionKey=agent%3Amain%3Amain");
                SseClient all = SseClient.open("/events?agentId=&sessionKey=")) {
            awaitSubscribers(before + 3);

            bus.publish("session.reset", "agent:main:main", "main", 4L);
            bus.publish("session.archived", "agent:ops:main", "ops", null);

            assertThat(byAgent.next(WAIT).event()).isEqualTo("session.archived");
            assertThat(byKey.next(WAIT).event()).isEqualTo("session.reset");
            assertThat(all.next(WAIT).event()).isEqualTo("session.reset");
            assertThat(all.next(WAIT).event()).isEqualTo("session.archived");
            assertThat(byAgent.next(Duration.ofMillis(300))).isNull();
            assertThat(byKey.next(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aClientThatStopsReadingDoesNotHoldUpPublishersOrOtherClients() throws Exception {
        int before = bus.subscriberCount();
        try (Socket stalled = new Socket();
                SseClient reader = SseClient.open("/events?sessionKey=agent%3Amain%3Aflood")) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new java.net.InetSocketAddress("127.0.0.1", RestAssured.port));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            awaitSubscribers(before + 2);
            long cutOffBefore = bus.cutOffCount();

            // The reader keeps up (it takes each batch before the next is published); the stalled client takes
            // nothing, so its socket and then its buffer fill and it is cut off.
            int batches = 150;
            int batch = 200;
            long publishNanos = 0;
            for (int b = 0; b < batches; b++) {
                long start = System.nanoTime();
                for (int i = 0; i < batch; i++) {
                    bus.publish("message.appended", "agent:main:flood", "main", (long) b * batch + i);
                }
                publishNanos += System.nanoTime() - start;
                for (int i = 0; i < batch; i++) {
                    Frame frame = reader.next(WAIT);
                    assertThat(frame).as("frame %d of batch %d", i, b).isNotNull();
                    assertThat(JSON.readTree(frame.data()).get("seq").asLong()).isEqualTo((long) b * batch + i);
                }
            }
            assertThat(publishNanos / 1_000_000).as("ms spent publishing").isLessThan(10_000);
            await(() -> bus.cutOffCount() > cutOffBefore);
        }
    }

    private void awaitSubscribers(int count) throws InterruptedException {
        await(() -> bus.subscriberCount() >= count);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition still false after %s", WAIT).isNegative();
            Thread.sleep(20);
        }
    }
}
