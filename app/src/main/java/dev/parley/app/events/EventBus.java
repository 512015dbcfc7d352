package dev.parley.app.events;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * The app's fan-out of session events to {@code GET /events} subscribers (SPEC §12). Live only: an event reaches
 * the subscribers connected when it is published; nothing is stored or replayed.
 *
 * <p>Design notes. {@link #publish} never blocks and never fails because of a subscriber: it hands the event to
 * each matching subscriber's own Mutiny emitter, which buffers what the subscriber has not taken yet (SSE takes
 * the next event only once the previous one is written to the socket). A subscriber with more than
 * {@value #BUFFER} events waiting (a client that stopped reading, so its socket and then its buffer filled) is
 * cut off: it is dropped from the fan-out at once and its {@code onCutOff} action runs (the resource closes the
 * connection; an EventSource client reconnects). Cutting off rather than silently skipping events keeps every
 * delivered stream gap-free, which a client counting on {@code seq} needs (Redis' pub/sub output-buffer limit
 * works the same way). Emitters are serialized by Mutiny, so publishers on many threads are safe; the
 * waiting-count is an atomic shared by the publishing and the delivering thread.
 */
@ApplicationScoped
public class EventBus {

    /** Events waiting per subscriber before it is cut off. */
    static final int BUFFER = 4096;

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
            if (!event.matches(subscriber.agentId(), subscriber.sessionKey())) {
                continue;
            }
            if (subscriber.waiting().incrementAndGet() > BUFFER) {
                cutOff(subscriber);
            } else {
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
     * stream has no end of its own; subscribe to it once. {@code onCutOff} runs (on the publishing thread, so it
     * must not block) when the subscriber falls more than {@value #BUFFER} events behind; it should end the
     * subscriber's connection.
     */
    public Multi<SessionEvent> subscribe(String agentId, String sessionKey, Runnable onCutOff) {
        Objects.requireNonNull(onCutOff, "onCutOff is null");
        AtomicInteger waiting = new AtomicInteger();
        Multi<SessionEvent> events = Multi.createFrom().emitter(emitter -> {
            Subscriber subscriber = new Subscriber(agentId, sessionKey, emitter, waiting, onCutOff);
            subscribers.add(subscriber);
            emitter.onTermination(() -> subscribers.remove(subscriber));
        }, BackPressureStrategy.BUFFER);
        return events.onItem().invoke(waiting::decrementAndGet);
    }

    /** Subscribers connected now. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Subscribers cut off so far for falling more than {@value #BUFFER} events behind. */
    public long cutOffCount() {
        return cutOff.sum();
    }

    private void cutOff(Subscriber subscriber) {
        if (!subscribers.remove(subscriber)) {
            return; // another publisher got there first
        }
        cutOff.increment();
        LOG.warnf("An /events subscriber fell more than %d events behind and was disconnected", BUFFER);
        try {
            subscriber.onCutOff().run();
        } finally {
            subscriber.emitter().complete(); // after what it already has, should it ever read again
        }
    }

    private record Subscriber(String agentId, String sessionKey, MultiEmitter<? super SessionEvent> emitter,
            AtomicInteger waiting, Runnable onCutOff) {
    }
}
