package dev.parley.core.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import java.nio.file.Path;
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
 * Bounded open (SPEC §3.1, §17): the time to open the service on a prepared state dir and serve the first
 * {@code sessions.get} of a session whose transcript holds 1k or 1M entries. The first access verifies the
 * session: it checks the header and the line end at the metadata's {@code flushedLength} and scans only the
 * bytes after it (none here), so the two sizes should cost about the same. The close after each open (which
 * rewrites the metadata file) is outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OpenBench {
    @Param({"1000", "1000000"})
    public int entries;

    private Path state;
    private SessionService service;

    @Setup(Level.Trial)
    public void prepare() {
        state = Fixtures.transcript(entries);
    }

    @Benchmark
    public ObjectNode openAndFirstGet() {
        service = SessionService.open(Fixtures.options(state, FsyncMode.ALWAYS));
        ObjectNode meta = Fixtures.await(service.get(Fixtures.KEY));
        if (meta.path("lastSeq").asLong() != entries) {
            throw new IllegalStateException("fixture has lastSeq " + meta.path("lastSeq") + ", expected " + entries);
        }
        return meta;
    }

    @TearDown(Level.Invocation)
    public void closeService() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
