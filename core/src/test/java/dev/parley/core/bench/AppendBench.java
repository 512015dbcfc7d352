package dev.parley.core.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Acknowledged appends with {@code fsync=always}: Parley (group commit, SPEC §3.1) side by side with
 * {@link NaiveLog} (one force per append) at the same concurrency, in the same run.
 *
 * <p>Each JMH thread is one appender in a closed loop: it appends one message and waits for the acknowledgement
 * (for Parley, the completion of the {@code Uni}, i.e. after the shared force) before the next. The methods are
 * the configurations: one session with 1, 16 or 64 appenders, or 16 or 64 sessions with one appender each
 * (thread {@code i} owns session {@code i}). {@code SampleTime} gives the acknowledgement-latency percentiles;
 * {@link BenchMain} derives appends/s from JMH's count of measured operations and prints the Parley/naive ratios.
 * Every trial starts from an empty directory with its 64 sessions already created (creation is not measured).
 * The directories are deleted by {@link BenchMain} after the run, not between trials, so one trial's file
 * deletion (and the discards it may trigger) does not overlap the next trial's forces.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AppendBench {
    static final int SESSIONS = 64;

    @Param({"parley", "naive"})
    public String impl;

    private Path dir;
    private SessionService service;
    private final NaiveLog[] naive = new NaiveLog[SESSIONS];
    private final String[] keys = new String[SESSIONS];

    /** One appender: its thread index picks its session in the many-sessions configurations. */
    @State(Scope.Thread)
    public static class Appender {
        int index;
        ObjectNode entry;

        @Setup(Level.Trial)
        public void init(ThreadParams thread) {
            index = thread.getThreadIndex();
            entry = Fixtures.userMessage(index);
        }
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Fixtures.freshDir("append-" + impl);
        for (int i = 0; i < SESSIONS; i++) {
            keys[i] = "agent:main:telegram:dm:user" + i;
        }
        if (impl.equals("parley")) {
            service = SessionService.open(Fixtures.options(dir, FsyncMode.ALWAYS));
            for (String key : keys) {
                Fixtures.await(service.append(key, List.of(Fixtures.userMessage(0)), null));
            }
        } else if (impl.equals("naive")) {
            for (int i = 0; i < SESSIONS; i++) {
                naive[i] = new NaiveLog(dir.resolve("naive-" + i + ".jsonl"));
                naive[i].append(Json.line(Fixtures.userMessage(0)));
            }
        } else {
            throw new IllegalArgumentException("impl must be parley or naive: " + impl);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (service != null) {
            service.close();
            service = null;
        }
        for (int i = 0; i < SESSIONS; i++) {
            if (naive[i] != null) {
                naive[i].close();
                naive[i] = null;
            }
        }
    }

    private long append(int session, Appender a) throws IOException {
        if (service != null) {
            return service.append(keys[session], List.of(a.entry), null).await().indefinitely().lastSeq();
        }
        return naive[session].append(Json.line(a.entry));
    }

    @Benchmark
    @Threads(1)
    public long oneSession1Appender(Appender a) throws IOException {
        return append(0, a);
    }

    @Benchmark
    @Threads(16)
    public long oneSession16Appenders(Appender a) throws IOException {
        return append(0, a);
    }

    @Benchmark
    @Threads(64)
    public long oneSession64Appenders(Appender a) throws IOException {
        return append(0, a);
    }

    @Benchmark
    @Threads(16)
    public long sessions16OneAppenderEach(Appender a) throws IOException {
        return append(a.index, a);
    }

    @Benchmark
    @Threads(64)
    public long sessions64OneAppenderEach(Appender a) throws IOException {
        return append(a.index, a);
    }
}
