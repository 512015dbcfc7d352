package dev.parley.core.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptWriterTest {
    @TempDir
    Path dir;

    TranscriptWriter writer(ExecutorService pool, AtomicInteger forces) throws Exception {
        FileChannel ch = FileChannel.open(dir.resolve("t.jsonl"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new TranscriptWriter(ch, 0, pool, nanos -> forces.incrementAndGet());
    }

    /** Regression: close() on a pool thread waited for a force queued behind it on the same pool, forever. */
    @Test
    void closeOnTheOnlyPoolThreadDoesNotWaitForAForceQueuedBehindIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            TranscriptWriter w = writer(pool, new AtomicInteger());
            CompletableFuture<CompletableFuture<Void>> durable = CompletableFuture.supplyAsync(() -> {
                try {
                    long start = w.append("{\"seq\":0}\n".getBytes(StandardCharsets.UTF_8));
                    CompletableFuture<Void> d = w.durable(start + 10);
                    w.close();
                    return d;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            CompletableFuture<Void> d = durable.get(10, TimeUnit.SECONDS);
            d.get(10, TimeUnit.SECONDS);
            assertThat(d).isCompleted().isNotCompletedExceptionally();
            assertThat(Files.readString(dir.resolve("t.jsonl"))).isEqualTo("{\"seq\":0}\n");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentWaitersShareForces() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicInteger forces = new AtomicInteger();
        try {
            TranscriptWriter w = writer(pool, forces);
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long start = w.append(("{\"seq\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
                all.add(w.durable(w.length()));
                assertThat(start).isLessThan(w.length());
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertThat(forces.get()).as("200 waiters, forces").isLessThan(200);
            w.close();
        } finally {
            pool.shutdownNow();
        }
    }
}
