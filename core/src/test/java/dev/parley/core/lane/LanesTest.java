package dev.parley.core.lane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LanesTest {
    final ExecutorService pool = Executors.newFixedThreadPool(8);
    final Lanes lanes = new Lanes(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void tasksOfOneKeyRunInSubmissionOrderAndNeverOverlap() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            all.add(lanes.submit("k", () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                order.add(n);
                Thread.onSpinWait();
                running.decrementAndGet();
                return n;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(maxRunning.get()).isEqualTo(1);
        assertThat(order).isSorted().hasSize(500);
    }

    @Test
    void differentKeysRunInParallel() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        CompletableFuture<Boolean> a = lanes.submit("a", () -> {
            bothInside.countDown();
            return bothInside.await(5, TimeUnit.SECONDS);
        });
        CompletableFuture<Boolean> b = lanes.submit("b", () -> {
            bothInside.countDown();
            return bothInside.await(5, TimeUnit.SECONDS);
        });
        assertThat(a.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(b.get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingTaskFailsOnlyItsOwnFutureAndTheLaneGoesOn() throws Exception {
        CompletableFuture<Object> bad = lanes.submit("k", () -> {
            throw new IllegalStateException("boom");
        });
        CompletableFuture<String> good = lanes.submit("k", () -> "fine");
        assertThat(good.get(5, TimeUnit.SECONDS)).isEqualTo("fine");
        assertThat(bad).isCompletedExceptionally();
    }

    @Test
    void idleLanesAreRemoved() throws Exception {
        lanes.submit("x", () -> 1).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lanes.activeLanes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(lanes.activeLanes()).isZero();
    }
}
