package dev.parley.core.session;

import dev.parley.core.store.FileSessionStore;
import dev.parley.core.transcript.FsyncMode;
import java.util.concurrent.Executors;
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
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "parley-storage-timer");
            t.setDaemon(true);
            return t;
        });
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
        timer.schedule(() -> {
            long t0 = System.nanoTime();
            try {
                store.flushMetadata();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "metadata flush failed", e);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            long base = options.metadataFlush().toMillis();
            scheduleFlush(Math.max(base, 2 * took));
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    void stop() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
