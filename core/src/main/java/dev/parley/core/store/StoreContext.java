package dev.parley.core.store;

import dev.parley.core.session.SessionOptions;
import java.util.concurrent.ExecutorService;

/** What the per-session code needs from its store: options, clock, worker pool, counters. */
record StoreContext(SessionOptions options, ExecutorService pool, StoreStats stats, ChannelFactory channels) {
    long now() {
        return options.clock().millis();
    }

    void recordForce(long nanos) {
        stats.forces.increment();
        stats.forceNanos.add(nanos);
    }
}
