package dev.parley.app.metrics;

import dev.parley.core.lock.SessionLocks;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SystemStatus;
import dev.parley.core.store.StoreStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.jboss.logging.Logger;

/**
 * Exports core's own counters (SPEC §14): the store's append and fsync counts and times, torn tails, the lock
 * counters, and the number of sessions per state. Core keeps monotonic {@link LongAdder}s; the meters here only
 * read them at scrape time, so an append costs nothing extra. The session counts walk every metadata entry, so
 * they are taken every {@value #SESSION_REFRESH} on a scheduler thread and the gauges read that snapshot.
 */
@ApplicationScoped
@Startup
public class StoreMetrics {

    static final String SESSION_REFRESH = "15s";

    private static final Logger LOG = Logger.getLogger(StoreMetrics.class);

    private final SessionService service;
    private final AtomicReference<SessionCounts> counts = new AtomicReference<>(new SessionCounts(0, 0, 0));

    @Inject
    public StoreMetrics(SessionService service, MeterRegistry registry) {
        this.service = service;
        StoreStats stats = service.stats();
        SessionLocks locks = service.locks();
        counter(registry, "parley.appends", "Entries appended to transcripts", stats.appends);
        timer(registry, "parley.append", "Time spent appending to transcripts", stats.appends, stats.appendNanos);
        timer(registry, "parley.fsync", "Time spent forcing transcripts to disk", stats.forces, stats.forceNanos);
        counter(registry, "parley.torn.tail", "Torn last lines cut from transcripts at recovery", stats.tornTails);
        counter(registry, "parley.lock.waits", "Session lock acquisitions that had to wait", locks,
                SessionLocks::waits);
        counter(registry, "parley.lock.timeouts", "Session lock acquisitions that gave up (SESSION_LOCKED)", locks,
                SessionLocks::timeouts);
        counter(registry, "parley.lock.stale.takeovers", "Session locks taken over from a dead or stale holder",
                locks, SessionLocks::staleTakeovers);
        sessions(registry, "active", SessionCounts::active);
        sessions(registry, "archived", SessionCounts::archived);
        sessions(registry, "expired", SessionCounts::expired);
        refreshSessions();
    }

    /** Recounts sessions per state; scheduled, and once at startup. */
    @Scheduled(every = SESSION_REFRESH, delayed = SESSION_REFRESH,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refreshSessions() {
        // status(false) computes on the subscribing thread (here: the scheduler's or the startup thread).
        service.status(false).subscribe().with(
                status -> counts.set(SessionCounts.of(status)),
                failure -> LOG.debugf("Session counts not refreshed: %s", failure.getMessage()));
    }

    private void sessions(MeterRegistry registry, String state, ToDoubleFunction<SessionCounts> value) {
        Gauge.builder("parley.sessions", counts, ref -> value.applyAsDouble(ref.get()))
                .description("Sessions per state (refreshed every " + SESSION_REFRESH + ")")
                .tag("state", state)
                .register(registry);
    }

    private static void counter(MeterRegistry registry, String name, String description, LongAdder adder) {
        counter(registry, name, description, adder, LongAdder::sum);
    }

    private static <T> void counter(MeterRegistry registry, String name, String description, T source,
            ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    private static void timer(MeterRegistry registry, String name, String description, LongAdder count,
            LongAdder nanos) {
        FunctionTimer.builder(name, count, LongAdder::sum, ignored -> nanos.sum(), TimeUnit.NANOSECONDS)
                .description(description)
                .register(registry);
    }

    /** One snapshot of {@code system.status}'s session counts. */
    record SessionCounts(long active, long archived, long expired) {
        static SessionCounts of(SystemStatus status) {
            return new SessionCounts(status.active(), status.archived(), status.expired());
        }
    }
}
