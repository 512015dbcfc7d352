package dev.parley.core.lane;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * One ordered lane per key on a shared, bounded worker pool (SPEC §1, §8.1 in-process serialisation).
 *
 * <p>Design notes. A lane is a FIFO of tasks plus a "scheduled" flag. Submitting to an idle lane schedules one
 * drain on the pool; the drain runs up to {@link #BATCH} tasks in order and reschedules itself if more arrived,
 * so one busy session cannot starve the others. Tasks of one key never run concurrently and run in submission
 * order; tasks of different keys run in parallel up to the pool size. An idle lane removes itself from the map
 * (under the lane's monitor, so a concurrent submit either sees the lane scheduled or creates a new one).
 */
public final class Lanes {
    private static final int BATCH = 64;

    private final Executor pool;
    private final ConcurrentHashMap<String, Lane> lanes = new ConcurrentHashMap<>();

    public Lanes(Executor pool) {
        this.pool = pool;
    }

    /** Runs {@code task} on {@code key}'s lane; the future completes with its result or exception. */
    public <T> CompletableFuture<T> submit(String key, Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable r = () -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
                if (t instanceof VirtualMachineError vme) {
                    throw vme;
                }
            }
        };
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane(k));
            if (lane.offer(r)) {
                return f;
            }
            // The lane retired between lookup and offer; take a fresh one.
        }
    }

    /** Number of lanes with queued or running work. */
    public int activeLanes() {
        return lanes.size();
    }

    private final class Lane implements Runnable {
        private final String key;
        private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        private boolean scheduled;
        private boolean retired;

        Lane(String key) {
            this.key = key;
        }

        synchronized boolean offer(Runnable r) {
            if (retired) {
                return false;
            }
            queue.add(r);
            if (!scheduled) {
                scheduled = true;
                pool.execute(this);
            }
            return true;
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                Runnable next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null) {
                        scheduled = false;
                        retired = true;
                        lanes.remove(key, this);
                        return;
                    }
                }
                next.run();
            }
            synchronized (this) {
                if (queue.isEmpty()) {
                    scheduled = false;
                    retired = true;
                    lanes.remove(key, this);
                    return;
                }
            }
            pool.execute(this);
        }
    }
}
