package dev.parley.core.bench;

import dev.parley.core.session.ListPage;
import dev.parley.core.session.ListQuery;
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
 * {@code sessions.list} over 10k and 100k sessions (one agent, ten channels round robin): the first page of
 * 100 with no filter, with a channel filter matching a tenth of the sessions, and with a channel filter matching
 * fewer sessions than a page (5 of 10k, 50 of 100k), which shows what a selective filter costs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ListBench {
    @Param({"10000", "100000"})
    public int sessions;

    private SessionService service;

    @Setup(Level.Trial)
    public void open() {
        var state = Fixtures.sessions(sessions);
        long t0 = System.nanoTime();
        service = SessionService.open(Fixtures.options(state, FsyncMode.ALWAYS));
        System.out.printf("[bench] opened %d sessions in %.0f ms%n", sessions, (System.nanoTime() - t0) / 1e6);
    }

    @TearDown(Level.Trial)
    public void close() {
        service.close();
    }

    @Benchmark
    public ListPage firstPage() {
        return expect(list(null), 100);
    }

    @Benchmark
    public ListPage firstPageByChannel() {
        return expect(list(Fixtures.CHANNELS.get(0)), 100);
    }

    @Benchmark
    public ListPage firstPageByRareChannel() {
        return expect(list(Fixtures.RARE_CHANNEL), sessions / Fixtures.RARE_EVERY);
    }

    private ListPage list(String channel) {
        return Fixtures.await(service.list(new ListQuery(null, channel, null, null, null, 100, null)));
    }

    private static ListPage expect(ListPage page, int size) {
        if (page.sessions().size() != size) {
            throw new IllegalStateException("expected " + size + " sessions, got " + page.sessions().size());
        }
        return page;
    }
}
