package dev.parley.app.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventBusTest {

    private final AtomicLong now = new AtomicLong(1_704_067_200_000L);
    private final EventBus bus = new EventBus(() -> Instant.ofEpochMilli(now.get()));

    @Test
    void aSubscriberGetsEventsPublishedAfterItSubscribedStampedWithTheClock() {
        bus.publish("session.created", "agent:main:main", "main", null);
        AssertSubscriber<SessionEvent> sub = bus.subscribe(null, null, () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        now.addAndGet(1000);
        bus.publish("message.appended", "agent:main:main", "main", 3L);

        assertThat(sub.getItems()).containsExactly(
                new SessionEvent("message.appended", "agent:main:main", "main", 1_704_067_201_000L, 3L));
    }

    @Test
    void filtersOnAgentAndSessionKeyKeepOnlyMatchingEvents() {
        AssertSubscriber<SessionEvent> byAgent = bus.subscribe("ops", null, () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<SessionEvent> byKey = bus.subscribe(null, "agent:main:main", () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<SessionEvent> both = bus.subscribe("ops", "agent:main:main", () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(10));
        bus.publish("session.reset", "agent:main:main", "main", 9L);
        bus.publish("session.deleted", "agent:ops:main", "ops", null);

        assertThat(byAgent.getItems()).extracting(SessionEvent::sessionKey).containsExactly("agent:ops:main");
        assertThat(byKey.getItems()).extracting(SessionEvent::type).containsExactly("session.reset");
        assertThat(both.getItems()).isEmpty();
    }

    @Test
    void aSubscriberThatStopsTakingIsCutOffAfterTheBufferWithoutHoldingUpOthers() {
        AtomicInteger disconnects = new AtomicInteger();
        AssertSubscriber<SessionEvent> stalled = bus.subscribe(null, null, disconnects::incrementAndGet).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<SessionEvent> reader = bus.subscribe(null, null, () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        int published = EventBus.BUFFER + 50;
        long start = System.nanoTime();
        for (int i = 0; i < published; i++) {
            bus.publish("message.appended", "agent:main:main", "main", (long) i);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMs).as("publishing never waits for a subscriber").isLessThan(5_000);
        assertThat(disconnects).hasValue(1);
        assertThat(bus.cutOffCount()).isEqualTo(1);
        assertThat(bus.subscriberCount()).isEqualTo(1);
        assertThat(reader.getItems()).hasSize(published);

        stalled.request(Long.MAX_VALUE); // should it read again: what it had, in order, then the end
        assertThat(stalled.getItems()).hasSize(EventBus.BUFFER)
                .extracting(SessionEvent::seq).startsWith(0L, 1L, 2L).endsWith((long) EventBus.BUFFER - 1);
        stalled.assertCompleted();
    }

    @Test
    void aSubscriberThatKeepsTakingIsNeverCutOff() {
        AssertSubscriber<SessionEvent> slow = bus.subscribe(null, null, () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        for (int i = 0; i < EventBus.BUFFER * 3; i++) {
            bus.publish("message.appended", "agent:main:main", "main", (long) i);
            if (i % 100 == 99) {
                slow.request(100);
            }
        }
        slow.request(100);
        assertThat(bus.cutOffCount()).isZero();
        assertThat(slow.getItems()).hasSize(EventBus.BUFFER * 3);
    }

    @Test
    void aCancelledSubscriberIsForgotten() {
        AssertSubscriber<SessionEvent> sub = bus.subscribe(null, null, () -> { }).subscribe()
                .withSubscriber(AssertSubscriber.create(1));
        assertThat(bus.subscriberCount()).isEqualTo(1);
        sub.cancel();
        assertThat(bus.subscriberCount()).isZero();
    }

    @Test
    void unknownTypesAreRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> bus.publish("message.edited", "agent:main:main", "main", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("message.edited").hasMessageContaining("session.compaction_failed");
    }

    @Test
    void everySpecNameIsKnown() {
        assertThat(java.util.Arrays.stream(EventType.values()).map(EventType::wireName)).containsExactly(
                "session.created", "message.appended", "turn.queued", "session.compacted",
                "session.compaction_failed", "session.reset", "session.overflow", "session.archived",
                "session.restored", "session.deleted");
    }
}
