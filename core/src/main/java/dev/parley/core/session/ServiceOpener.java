package dev.parley.core.session;

import dev.parley.core.compaction.CompactionListener;
import dev.parley.core.compaction.CompactionPlugins;
import dev.parley.core.events.SessionEventListener;
import dev.parley.core.lock.FencingTokens;
import dev.parley.core.lock.SessionLocks;
import dev.parley.core.lock.StateDirLock;
import dev.parley.core.routing.KeyResolver;
import dev.parley.core.store.ChannelFactory;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.store.StoreStats;
import java.io.IOException;
import java.util.concurrent.ExecutorService;

/**
 * Opening a state dir, in order: config check, state-dir lock (fails naming the holder), fencing generation, stale
 * session locks cleaned, worker pool, metadata loaded or rebuilt, plugins, then the service's chores and the turn
 * re-queue. A failure releases what was taken (pool, state-dir lock) and is rethrown.
 */
final class ServiceOpener {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());

    private ServiceOpener() {}

    static SessionService open(SessionOptions options, ChannelFactory channels, CompactionPlugins plugins,
                               CompactionListener listener, SessionEventListener events) {
        new KeyResolver(options.defaultAgent(), options.dmScope(), options.bindings()); // config check first
        StateDirLock dirLock = StateDirLock.acquire(options.stateDir(), options.clock());
        ExecutorService pool = null;
        try {
            FencingTokens tokens = FencingTokens.open(options.stateDir());
            SessionLocks locks = new SessionLocks(options.stateDir().resolve("locks"), tokens,
                    options.lockTimeout(), options.lockStaleAfter(), options.clock());
            int cleaned = locks.cleanStale();
            if (cleaned > 0) {
                LOG.log(System.Logger.Level.INFO, "removed " + cleaned + " stale session lock file(s)");
            }
            pool = WorkerPool.create(options.workerThreads());
            StoreStats stats = new StoreStats();
            FileSessionStore store = new FileSessionStore(options, pool, stats, channels);
            store.load();
            CompactionPlugins resolved = plugins != null ? plugins : Plugins.discover(options);
            SessionService service = new SessionService(options, dirLock, locks, tokens, pool, store, stats, resolved,
                    new EventingCompactionListener(listener, events), events);
            service.start();
            return service;
        } catch (IOException | RuntimeException e) {
            if (pool != null) {
                pool.shutdownNow();
            }
            dirLock.close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("cannot open state dir " + options.stateDir() + ": " + e.getMessage(), e);
        }
    }
}
