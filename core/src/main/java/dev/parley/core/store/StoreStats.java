package dev.parley.core.store;

import java.util.concurrent.atomic.LongAdder;

/** Counters the app exports as metrics (SPEC §14). Monotonic; safe from any thread. */
public final class StoreStats {
    public final LongAdder appends = new LongAdder();
    public final LongAdder appendNanos = new LongAdder();
    public final LongAdder forces = new LongAdder();
    public final LongAdder forceNanos = new LongAdder();
    public final LongAdder tornTails = new LongAdder();
    public final LongAdder metadataFlushes = new LongAdder();
    public final LongAdder rebuiltSessions = new LongAdder();
}
