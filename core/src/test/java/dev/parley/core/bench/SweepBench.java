package dev.parley.core.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
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
 * The scheduled lifecycle sweep ({@link SessionService#sweep()}, SPEC §7) over 10k and 100k active sessions of one
 * message each, idle resets configured ({@code idle-hours=100000}), archiving and expiry off (their defaults). One
 * invocation is one whole sweep ({@code SingleShotTime}: each JMH iteration times exactly one sweep).
 *
 * <ul>
 *   <li>{@code due=none}: the clock stands just after the last session was written, so nothing is due; the sweep
 *       still visits every session on its lane (loads its metadata and opens its transcript the first time).
 *   <li>{@code due=tenth}: the fixture holds ten cohorts (a tenth of the sessions each), cohort {@code c} last written at
 *       {@code T0 + c·1000 h}. Before iteration {@code k} the injected clock moves to
 *       {@code T0 + 100000 h + k·1000 h + 500 h}, so exactly cohort {@code k} (a tenth) is newly due and reset;
 *       earlier cohorts were reset at most {@code k·1000 h} ago and are not due again. The trial works on a copy
 *       of the fixture (resets write), at most ten iterations per trial.
 * </ul>
 *
 * <p>The fixture is generated once through the public API (fsync=never, chunks of 5000 sessions per open like
 * {@link Fixtures#sessions}) and cached as {@code sweep-<sessions>} under {@code parley.bench.dir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SweepBench {
    static final int COHORTS = 10;
    static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
    static final Duration COHORT_GAP = Duration.ofHours(1000);
    static final long IDLE_HOURS = 100_000;
    private static final String VERSION = "parley-sweep-fixture v1";

    @Param({"10000", "100000"})
    public int sessions;

    @Param({"none", "tenth"})
    public String due;

    private final MutableClock clock = new MutableClock();
    private SessionService service;
    private int iteration;

    @Setup(Level.Trial)
    public void open() throws IOException {
        Path state = fixture(sessions);
        if (due.equals("tenth")) {
            Path copy = Fixtures.freshDir("sweep").resolve("state");
            long t0 = System.nanoTime();
            copyTree(state, copy);
            System.out.printf("[bench] copied the sweep fixture in %.1f s%n", (System.nanoTime() - t0) / 1e9);
            state = copy;
        } else if (!due.equals("none")) {
            throw new IllegalArgumentException("due must be none or tenth: " + due);
        }
        clock.set(T0.plus(COHORT_GAP.multipliedBy(COHORTS)));
        long t0 = System.nanoTime();
        service = SessionService.open(Fixtures.options(state, FsyncMode.ALWAYS).withClock(clock)
                .withProperties(Map.of("parley.session.reset.mode", "idle",
                        "parley.session.reset.idle-hours", Long.toString(IDLE_HOURS))));
        System.out.printf("[bench] opened %d sessions in %.0f ms%n", sessions, (System.nanoTime() - t0) / 1e6);
        iteration = 0;
    }

    @Setup(Level.Iteration)
    public void advanceClock() {
        if (due.equals("tenth")) {
            if (iteration >= COHORTS) {
                throw new IllegalStateException("due=tenth supports at most " + COHORTS + " iterations per trial");
            }
            clock.set(T0.plus(Duration.ofHours(IDLE_HOURS)).plus(COHORT_GAP.multipliedBy(iteration))
                    .plus(COHORT_GAP.dividedBy(2)));
        }
        iteration++;
    }

    @TearDown(Level.Trial)
    public void close() {
        service.close();
    }

    @Benchmark
    public ObjectNode sweep() {
        ObjectNode report = service.sweep();
        int expected = due.equals("tenth") ? sessions / COHORTS : 0;
        if (report.path("reset").asInt() != expected || report.path("skipped").asBoolean()) {
            throw new IllegalStateException("expected " + expected + " resets, got " + report);
        }
        return report;
    }

    /** The key of session {@code i}; it belongs to cohort {@code i % COHORTS}. */
    static String key(int i) {
        return "agent:main:" + Fixtures.CHANNELS.get(i % Fixtures.CHANNELS.size()) + ":dm:sweep" + i;
    }

    /** Builds (once) or reuses the cohort fixture; a missing or stale {@code .complete} marker rebuilds it. */
    static Path fixture(int sessions) throws IOException {
        String name = "sweep-" + sessions;
        Path dir = Fixtures.root().resolve(name);
        Path state = dir.resolve("state");
        Path marker = dir.resolve(".complete");
        if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(VERSION)) {
            return state;
        }
        Fixtures.delete(dir);
        Files.createDirectories(state);
        long t0 = System.nanoTime();
        System.out.println("[bench] generating fixture " + name + " in " + dir + " (once) ...");
        for (int c = 0; c < COHORTS; c++) {
            writeCohort(state, c, sessions);
        }
        Files.writeString(marker, VERSION, StandardCharsets.UTF_8);
        System.out.printf("[bench] fixture %s ready in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        return state;
    }

    /** Cohort {@code c}: sessions {@code c, c+10, ...}, written with the clock at {@code T0 + c·1000 h}. */
    private static void writeCohort(Path state, int c, int sessions) {
        InstantSource at = InstantSource.fixed(T0.plus(COHORT_GAP.multipliedBy(c)));
        int chunk = 5000;
        int window = 256;
        for (int from = c; from < sessions; from += chunk * COHORTS) {
            try (SessionService s = SessionService.open(Fixtures.options(state, FsyncMode.NEVER).withClock(at))) {
                List<CompletableFuture<AppendResult>> inFlight = new ArrayList<>(window);
                for (int i = from; i < Math.min(sessions, from + chunk * COHORTS); i += COHORTS) {
                    inFlight.add(s.append(key(i), List.of(Fixtures.userMessage(i)), null).subscribeAsCompletionStage());
                    if (inFlight.size() == window) {
                        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                        inFlight.clear();
                    }
                }
                CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The injected clock: each iteration sets it by hand. */
    static final class MutableClock implements InstantSource {
        private final AtomicLong millis = new AtomicLong();

        void set(Instant instant) {
            millis.set(instant.toEpochMilli());
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }
}
