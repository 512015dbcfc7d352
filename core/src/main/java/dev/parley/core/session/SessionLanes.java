package dev.parley.core.session;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lane.Lanes;
import dev.parley.core.store.FileSessionStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The session lanes of {@link SessionService}: blocking store work runs on its key's lane (IOExceptions become
 * {@code STORAGE_FAILED}; nothing runs once shutting down), the number of open transcripts stays bounded (the least
 * recently used are closed, each on its lane), and on close every open transcript is closed on its lane.
 */
final class SessionLanes {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName()); // as before the split

    private final Lanes lanes;
    private final ExecutorService pool;
    private final FileSessionStore store;
    private final int maxOpenFiles;
    private final AtomicBoolean evicting = new AtomicBoolean();
    private volatile boolean closed;

    SessionLanes(ExecutorService pool, FileSessionStore store, int maxOpenFiles) {
        this.lanes = new Lanes(pool);
        this.pool = pool;
        this.store = store;
        this.maxOpenFiles = maxOpenFiles;
    }

    /** See {@link SessionService#onLane}. */
    <T> CompletableFuture<T> run(SessionKey key, Callable<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new ParleyException(
                    ErrorCode.STORAGE_FAILED, "Parley is shutting down"));
        }
        CompletableFuture<T> f = lanes.submit(key.format(), () -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new ParleyException(ErrorCode.STORAGE_FAILED,
                        "storage failed: " + e.getMessage(), Map.of(), e);
            }
        });
        if (store.openCount() > maxOpenFiles) {
            closeIdleFiles();
        }
        return f;
    }

    /** Keeps the number of open transcripts bounded: closes the least recently used tenth, each on its lane. */
    private void closeIdleFiles() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Object>> closing = store.leastRecentlyUsed(maxOpenFiles / 10).stream()
                .map(k -> lanes.submit(k, () -> {
                    store.closeIfIdle(k);
                    return null;
                })).toList();
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> evicting.set(false));
    }

    /** Whether {@link #close} has begun. */
    boolean closed() {
        return closed;
    }

    /** Refuses new work from now on. */
    void shutDown() {
        closed = true;
    }

    /** Closes every open transcript on its lane (in-flight appends finish first), waiting up to 30 s. */
    void closeTranscripts() {
        List<CompletableFuture<Object>> closing = store.openKeys().stream()
                .map(k -> lanes.submit(k, () -> {
                    store.closeSessionOnLane(k);
                    return null;
                })).toList();
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing transcripts: " + e);
        }
    }

    /** The last step of closing: the worker pool finishes what it runs (up to 10 s) and stops. */
    void stopPool() {
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
