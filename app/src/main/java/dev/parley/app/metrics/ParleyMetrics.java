package dev.parley.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The meters the app counts itself (SPEC §14), for the wiring to call as things happen:
 * {@code parley_compactions_total{strategy,outcome}}, {@code parley_inbound_dropped_total{reason}},
 * {@code parley_resets_total{reason}} and the gauge {@code parley_queue_depth}. Tag values must come from small
 * fixed sets (strategy names, outcome and reason words): every distinct value is a new time series. A tagged
 * counter appears at {@code /q/metrics} from its first increment on.
 */
@ApplicationScoped
public class ParleyMetrics {

    private final MeterRegistry registry;
    private final AtomicReference<LongSupplier> queueDepth = new AtomicReference<>(() -> 0L);

    @Inject
    public ParleyMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("parley.queue.depth", queueDepth, ref -> ref.get().getAsLong())
                .description("Turns queued and not yet leased")
                .register(registry);
    }

    /**
     * One compaction run ended: {@code strategy} as configured (e.g. {@code auto}), {@code outcome} e.g.
     * {@code compacted}, {@code skipped}, {@code failed}.
     */
    public void compaction(String strategy, String outcome) {
        Counter.builder("parley.compactions")
                .description("Compaction runs by strategy and outcome")
                .tag("strategy", tag(strategy, "strategy"))
                .tag("outcome", tag(outcome, "outcome"))
                .register(registry)
                .increment();
    }

    /** One inbound message was dropped, e.g. {@code reason} {@code not-allowed}, {@code duplicate}, {@code pairing}. */
    public void inboundDropped(String reason) {
        Counter.builder("parley.inbound.dropped")
                .description("Inbound messages dropped, by reason")
                .tag("reason", tag(reason, "reason"))
                .register(registry)
                .increment();
    }

    /** One session was reset, e.g. {@code reason} {@code daily}, {@code idle}, {@code manual}. */
    public void reset(String reason) {
        Counter.builder("parley.resets")
                .description("Session resets, by reason")
                .tag("reason", tag(reason, "reason"))
                .register(registry)
                .increment();
    }

    /** Where {@code parley_queue_depth} reads from at each scrape (until set: 0). Must be cheap and thread-safe. */
    public void queueDepth(LongSupplier depth) {
        queueDepth.set(Objects.requireNonNull(depth, "depth is null"));
    }

    private static String tag(String value, String name) {
        Objects.requireNonNull(value, name + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return value;
    }
}
