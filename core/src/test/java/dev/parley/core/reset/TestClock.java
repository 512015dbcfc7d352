package dev.parley.core.reset;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand. */
final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    TestClock(String isoInstant) {
        this(Instant.parse(isoInstant));
    }

    void set(Instant to) {
        now.set(to);
    }

    void set(String isoInstant) {
        set(Instant.parse(isoInstant));
    }

    void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
