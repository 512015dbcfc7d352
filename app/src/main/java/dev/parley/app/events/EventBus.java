package dev.parley.app.events;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.BufferOverflowException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * The app's fan-out of session events to {@code GET /events} subscribers (SPEC §12). Live only: an event reaches
 * the subscribers connected when it is published; nothing is stored or replayed.
 *
 * <p>Design notes. {@link #publish} never blocks and never fails because of a subscriber: it offers the event to
 * each matching subscriber's own Mutiny emitter, which buffers up to {@value #BUFFER} events the subscriber has
 * not taken yet. A subscriber that falls further behind (a client that stops reading, so its socket and then its
 * buffer fill) is cut off: its stream completes, the connection closes, and an EventSource client reconnects.
 * Cutting off rather than silently dropping keeps every delivered stream gap-free, which is what a client that
 * counts on {@code seq} needs (Redis' pub/sub output-buffer limit works the same way). Mutiny's emitters are
 * serialized, so publishers on many threads are safe.
 */
@ApplicationScoped
public class EventBus {

    /** Events buffered per subscriber before it is cut off. */
    static final int BUFFER = 1024;

    private static final Logger LOG = Logger.getLogger(EventBus.class);

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final LongAdder cutOff = new LongAdder();
    private final InstantSource clock;

    public EventBus() {
        this(InstantSource.system());
    }

    EventBus(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Publishes one event to every connected subscriber whose filters match. {@code type} is one of SPEC §12's names
     * ({@link EventType#wireName()}); {@code seq} is the transcript line the event is about, or null.
     *
     * @throws IllegalArgumentException for an unknown {@code type}
     */
    public void publish(String type, String sessionKey, String agentId, Long seq) {
        SessionEvent event = new SessionEvent(type, sessionKey, agentId, clock.millis(), seq);
        for (Subscriber subscriber : subscribers) {
            if (event.matches(subscriber.agentId(), subscriber.sessionKey())) {
                subscriber.emitter().emit(event);
            }
        }
    }

    /** Same as {@link #publish(String, String, String, Long)} with a typed name. */
    public void publish(EventType type, String sessionKey, String agentId, Long seq) {
        publish(type.wireName(), sessionKey, agentId, seq);
    }

    /**
     * The events published from subscription on that match both filters (a null filter matches everything). The
     * stream never ends by itself; it completes when the subscriber is cut off for falling behind.
     */
    public Multi<SessionEvent> subscribe(String agentId, String sessionKey) {
        Multi<SessionEvent> events = Multi.createFrom().emitter(emitter -> {
            Subscriber subscriber = new Subscriber(agentId, sessionKey, emitter);
            subscribers.add(subscriber);
            emitter.onTermination(() -> subscribers.remove(subscriber));
        }, BUFFER);
        return events.onFailure(BufferOverflowException.class).recoverWithCompletion()
                .onCompletion().invoke(this::countCutOff);
    }

    /** Subscribers connected now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Subscribers cut off so far for falling more than {@value #BUFFER} events behind. */
    public long cutOffCount() {
        return cutOff.sum();
    }

    private void countCutOff() {
        // The emitter never completes by itself: completion only comes from the overflow recovery above.
        cutOff.increment();
        LOG.warnf("An /events subscriber fell more than %d events behind and was disconnected", BUFFER);
    }

    private record Subscriber(String agentId, String sessionKey, MultiEmitter<? super SessionEvent> emitter) {
    }
}
