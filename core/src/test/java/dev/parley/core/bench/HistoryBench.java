package dev.parley.core.bench;

import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bounded reads (SPEC §3.1): {@code sessions.history} "last 50" of a session with 1k or 1M entries, read
 * backwards from the end, and the 50 before the middle {@code seq} (a binary search by {@code seq}, then
 * backwards). The session is already open; both should cost about the same at either size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HistoryBench {
    @Param({"1000", "1000000"})
    public int entries;

    private SessionService service;

    @Setup(Level.Trial)
    public void open() {
        service = SessionService.open(Fixtures.options(Fixtures.transcript(entries), FsyncMode.ALWAYS));
        Fixtures.await(service.get(Fixtures.KEY));
    }

    @TearDown(Level.Trial)
    public void close() {
        service.close();
    }

    @Benchmark
    public HistoryPage last50() {
        return check(Fixtures.await(service.history(Fixtures.KEY, 50, null, false)));
    }

    @Benchmark
    public HistoryPage last50BeforeMiddle() {
        return check(Fixtures.await(service.history(Fixtures.KEY, 50, (long) entries / 2, false)));
    }

    private static HistoryPage check(HistoryPage page) {
        if (page.entries().size() != 50) {
            throw new IllegalStateException("expected 50 entries, got " + page.entries().size());
        }
        return page;
    }
}
