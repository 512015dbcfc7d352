package dev.parley.core.session;

import dev.parley.core.store.FileSessionStore;
import dev.parley.core.transcript.FsyncMode;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Periodic storage chores: batched metadata flushes (every {@code metadata-flush}, stretched to twice the last
 * flush time under load) and, with {@code fsync=interval}, forcing every writer every {@code fsync-interval}.
 */
final class Background {
    private static final System.Logger LOG = System.getLogger(Background.class.getName());

    private final FileSessionStore store;
    private final SessionOptions options;
    private final ScheduledExecutorService timer;

    Background(FileSessionStore store, SessionOptions options) {
        this.store = store;
        this.options = options;
        java.util.concurrent.ScheduledThreadPoolExecutor t = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "parley-storage-timer");
            th.setDaemon(true);
            return th;
        });
        // On stop, a flush that is running finishes (an interrupt would abort its write); pending ones are dropped
        // (close flushes once more itself).
        t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        t.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.timer = t;
    }

    void start() {
        store.flushMetadata();
        scheduleFlush(options.metadataFlush().toMillis());
        if (options.fsync() == FsyncMode.INTERVAL) {
            long every = Math.max(1, options.fsyncInterval().toMillis());
            timer.scheduleWithFixedDelay(store::forceAll, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void scheduleFlush(long delayMs) {
        try {
            timer.schedule(this::flushAndReschedule, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stopping: close() flushes once more itself
        }
    }

    private void flushAndReschedule() {
        long t0 = System.nanoTime();
        try {
            store.flushMetadata();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "metadata flush failed", e);
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        scheduleFlush(Math.max(options.metadataFlush().toMillis(), 2 * took));
    }

    void stop() {
        timer.shutdown(); // let a running flush finish: an interrupt would abort its write (close flushes again)
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
