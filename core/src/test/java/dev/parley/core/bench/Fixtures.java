package dev.parley.core.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.session.AppendResult;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.transcript.FsyncMode;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * State dirs the benchmarks read, generated once through the public {@link SessionService} API and cached under
 * {@code parley.bench.dir} (the {@code bench} profile sets it to {@code core/target/bench-fixtures}; {@code mvn clean}
 * drops them). A directory counts as ready only when its {@code .complete} marker holds {@link #VERSION}; anything
 * else is deleted and rebuilt, so an interrupted generation never leaves a half-built fixture in use.
 */
final class Fixtures {
    /** Bump when the generated layout changes, so cached fixtures are rebuilt. */
    static final String VERSION = "parley-bench-fixtures v1";
    /** The session the open and history benchmarks read. */
    static final String KEY = "agent:main:telegram:dm:user42";
    /** Channels of the list fixture, round robin: each holds about a tenth of the sessions. */
    static final List<String> CHANNELS = List.of("telegram", "whatsapp", "discord", "slack", "signal",
            "imessage", "email", "sms", "webchat", "matrix");
    /** A channel given to one session in {@link #RARE_EVERY}: fewer matches than a page at both sizes. */
    static final String RARE_CHANNEL = "irc";
    static final int RARE_EVERY = 2000;

    static {
        // Every open logs "owning state dir" at INFO; hundreds of opens per iteration would bury JMH's output.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    private Fixtures() {}

    static Path root() {
        return Path.of(System.getProperty("parley.bench.dir", "target/bench-fixtures")).toAbsolutePath();
    }

    /** A user message of about 150 bytes on disk. */
    static ObjectNode userMessage(int i) {
        ObjectNode e = Json.object();
        e.put("type", "message");
        e.putObject("message").put("role", "user")
                .put("content", "message " + i + ": the quick brown fox jumps over the lazy dog, twice over");
        return e;
    }

    /** The defaults of SPEC §15; {@code -Dparley.bench.workerThreads=N} overrides the worker pool size. */
    static SessionOptions options(Path stateDir, FsyncMode fsync) {
        SessionOptions o = SessionOptions.defaults(stateDir).withFsync(fsync);
        int workers = Integer.getInteger("parley.bench.workerThreads", 0);
        return workers > 0 ? o.withWorkerThreads(workers) : o;
    }

    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofMinutes(2));
    }

    /** One session ({@link #KEY}) whose transcript holds {@code entries} messages after the header. */
    static Path transcript(int entries) {
        return prepared("transcript-" + entries, state -> {
            try (SessionService s = SessionService.open(options(state, FsyncMode.NEVER))) {
                int batch = 1000; // EntryValidator.MAX_BATCH
                for (int done = 0; done < entries; done += batch) {
                    List<ObjectNode> b = new ArrayList<>(batch);
                    for (int i = done; i < Math.min(entries, done + batch); i++) {
                        b.add(userMessage(i));
                    }
                    await(s.append(KEY, b, null));
                }
            }
        });
    }

    /** The key of the {@code i}-th session of the list fixture. */
    static String listKey(int i) {
        String channel = i % RARE_EVERY == RARE_EVERY - 1 ? RARE_CHANNEL : CHANNELS.get(i % CHANNELS.size());
        return "agent:main:" + channel + ":dm:user" + i;
    }

    /**
     * {@code sessions} sessions of one message each. Written in chunks, closing the service in between: the store
     * keeps every touched transcript open, and 100k descriptors exceed a usual open-file limit.
     */
    static Path sessions(int sessions) {
        return prepared("sessions-" + sessions, state -> {
            int chunk = 5000;
            int window = 256;
            for (int from = 0; from < sessions; from += chunk) {
                try (SessionService s = SessionService.open(options(state, FsyncMode.NEVER))) {
                    List<CompletableFuture<AppendResult>> inFlight = new ArrayList<>(window);
                    for (int i = from; i < Math.min(sessions, from + chunk); i++) {
                        inFlight.add(s.append(listKey(i), List.of(userMessage(i)), null).subscribeAsCompletionStage());
                        if (inFlight.size() == window) {
                            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                            inFlight.clear();
                        }
                    }
                    CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
                }
            }
        });
    }

    /** Where {@link #freshDir} creates directories; {@link BenchMain} empties it before and after a run. */
    static Path scratch() {
        return root().resolve("tmp");
    }

    /** A fresh, empty directory for a benchmark that writes. */
    static Path freshDir(String prefix) {
        try {
            Files.createDirectories(scratch());
            return Files.createTempDirectory(scratch(), prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    interface Builder {
        void build(Path stateDir) throws IOException;
    }

    private static Path prepared(String name, Builder builder) {
        Path dir = root().resolve(name);
        Path state = dir.resolve("state");
        Path marker = dir.resolve(".complete");
        try {
            if (Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(VERSION)) {
                return state;
            }
            delete(dir);
            Files.createDirectories(state);
            long t0 = System.nanoTime();
            System.out.println("[bench] generating fixture " + name + " in " + dir + " (once) ...");
            builder.build(state);
            Files.writeString(marker, VERSION, StandardCharsets.UTF_8);
            System.out.printf("[bench] fixture %s ready in %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
