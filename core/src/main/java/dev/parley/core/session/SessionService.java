package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.CompactionEngine;
import dev.parley.core.compaction.CompactionListener;
import dev.parley.core.compaction.CompactionPlugins;
import dev.parley.core.compaction.ContextView;
import dev.parley.core.error.ParleyException;
import dev.parley.core.events.AppendListener;
import dev.parley.core.events.SessionEventListener;
import dev.parley.core.settings.Overrides;
import dev.parley.core.settings.OverridesUpdate;
import dev.parley.core.settings.ResolvedSettings;
import dev.parley.core.settings.SettingsResolver;
import dev.parley.core.settings.SettingsSource;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lane.Lanes;
import dev.parley.core.lock.FencingTokens;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.lock.SessionLocks;
import dev.parley.core.lock.StateDirLock;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.routing.KeyResolver;
import dev.parley.core.routing.ResolvedKey;
import dev.parley.core.store.ChannelFactory;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.store.SessionQueries;
import dev.parley.core.store.StoreStats;
import dev.parley.core.transcript.EntryValidator;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The reactive facade of core (SPEC §1): every operation returns a {@link Uni}; blocking file work runs on a
 * bounded worker pool, one ordered lane per session key (so one session's operations never interleave and
 * different sessions proceed in parallel). Errors are {@link ParleyException}s.
 *
 * <p>This class only sequences: it parses keys and validates input before anything touches the disk, then hands
 * the work to the store on the session's lane. Multi-step operations (delete, repair) also hold the session's
 * lock file so another process (or a runtime's lease) never sees them half done.
 */
public final class SessionService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
    /** Transcripts kept open at once; beyond it idle ones are closed (file descriptors are finite). */
    static final int MAX_OPEN_FILES = Integer.getInteger("parley.internal.max-open-files", 2048);

    private final SessionOptions options;
    private final StateDirLock stateDirLock;
    private final SessionLocks locks;
    private final ExecutorService pool;
    private final Lanes lanes;
    private final FileSessionStore store;
    private final KeyResolver resolver;
    private final EntryValidator validator;
    private final StoreStats stats;
    private final Background background;
    private final SessionQueries queries;
    private final CompactionEngine engine;
    private final CompactionPlugins plugins;
    private final SessionEventListener events;
    private final SettingsResolver settings;
    private final Lifecycle lifecycle;
    private final Inbound inbound;
    private final dev.parley.core.access.AccessControl access;
    private final long startedAt;
    private final java.util.List<AppendListener> appendListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Turns turns;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean evicting = new java.util.concurrent.atomic.AtomicBoolean();

    private SessionService(SessionOptions options, StateDirLock stateDirLock, SessionLocks locks, FencingTokens tokens,
                           ExecutorService pool, FileSessionStore store, StoreStats stats,
                           CompactionPlugins plugins, CompactionListener listener, SessionEventListener events) {
        this.options = options;
        this.stateDirLock = stateDirLock;
        this.locks = locks;
        this.pool = pool;
        this.lanes = new Lanes(pool);
        this.store = store;
        this.stats = stats;
        this.resolver = new KeyResolver(options.defaultAgent(), options.dmScope(), options.bindings());
        this.validator = new EntryValidator(options.maxMessageBytes());
        this.queries = new SessionQueries(store, options);
        this.background = new Background(store, options);
        this.plugins = plugins;
        this.events = events;
        this.settings = SettingsResolver.fromProperties(options.properties());
        this.engine = new CompactionEngine(options.properties(), plugins, store, this::onLane, listener,
                (key, meta) -> resolvedSettings(key, meta).settings().model());
        this.lifecycle = new Lifecycle(this, store, options);
        this.access = new dev.parley.core.access.AccessControl(
                dev.parley.core.access.AccessPolicies.fromProperties(options.properties()),
                new dev.parley.core.access.PairingStore(options.stateDir(), options.clock()));
        this.inbound = new Inbound(this, store, resolver, access, validator);
        this.turns = new Turns(this, store, locks, tokens, pool);
        this.startedAt = options.clock().millis();
    }

    /** Opens the state dir: takes the state-dir lock (fails naming the holder), loads or rebuilds metadata. */
    public static SessionService open(SessionOptions options) {
        return open(options, ChannelFactory.DEFAULT);
    }

    /** As {@link #open(SessionOptions)}, with transcript channels opened through {@code channels} (fault tests). */
    public static SessionService open(SessionOptions options, ChannelFactory channels) {
        return open(options, channels, null, CompactionListener.NONE);
    }

    /**
     * As {@link #open(SessionOptions)}, with explicit compaction plugins (null: discovered from the class path and
     * {@code <stateDir>/plugins}) and a listener for compaction events.
     */
    public static SessionService open(SessionOptions options, ChannelFactory channels, CompactionPlugins plugins,
                                      CompactionListener listener) {
        return open(options, channels, plugins, listener, SessionEventListener.NONE);
    }

    /** As above, with a listener for the session events of SPEC §12. */
    public static SessionService open(SessionOptions options, ChannelFactory channels, CompactionPlugins plugins,
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
            service.background.start();
            service.turns.start();
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

    public SessionOptions options() {
        return options;
    }

    public StoreStats stats() {
        return stats;
    }

    /** The underlying store (package-private: tests and diagnostics in core). */
    FileSessionStore store() {
        return store;
    }

    public SessionLocks locks() {
        return locks;
    }

    /** {@code sessions.resolve}: read-only; nothing is created. */
    public Uni<Resolution> resolve(ResolveRequest r) {
        return Uni.createFrom().item(() -> {
            ResolvedKey k = resolver.resolve(r.channel(), r.accountId(), r.peerKind(), r.peerId(), r.threadId());
            SessionMeta m = store.meta(k.key());
            boolean exists = m != null && m.status().equals("active");
            return new Resolution(k.key().format(), k.agentId(), k.matchedBy(), exists);
        });
    }

    /**
     * {@code sessions.append}: entries are raw JSON objects as sent by the client (no {@code seq}); the batch is
     * validated whole, written and forced once. {@code token} may be null (leases arrive with §8.2).
     */
    public Uni<AppendResult> append(String sessionKey, List<ObjectNode> entries, Long token) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            List<ObjectNode> valid = validator.validate(entries);
            return onLane(key, () -> {
                turns.admit(key, token);
                return write(key, valid);
            }).thenCompose(f -> f).whenComplete((r, e) -> {
                if (e == null) {
                    acknowledged(key, valid, r);
                }
            });
        });
    }

    /**
     * A write of Parley's own on behalf of another session or an operator (SPEC §8.2: deliveries are always appended,
     * even while a lease is held): validated like {@code sessions.append}, then appended; with {@code queueTurn} a
     * turn is queued for the session's agent (coalesced with one already queued or running).
     */
    public Uni<AppendResult> deliver(String sessionKey, List<ObjectNode> entries, boolean queueTurn) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            List<ObjectNode> valid = validator.validate(entries);
            return onLane(key, () -> write(key, valid)).thenCompose(f -> f).whenComplete((r, e) -> {
                if (e == null) {
                    acknowledged(key, valid, r);
                    if (queueTurn && !r.duplicate()) {
                        turns.queue(key, r.lastSeq());
                    }
                }
            });
        });
    }

    /** Lane: writes validated entries (forced per the fsync mode) and accounts them; the future acknowledges. */
    CompletableFuture<AppendResult> write(SessionKey key, List<ObjectNode> valid) throws IOException {
        boolean existed = store.openMeta(key) != null;
        CompletableFuture<AppendResult> durable = store.append(key, valid);
        engine.account(key, store.openMeta(key), valid);
        if (!existed) {
            emit("session.created", key, 0L);
        }
        return durable;
    }

    /** After an acknowledged append: event, append listeners, the compaction guard (duplicates: nothing). */
    void acknowledged(SessionKey key, List<ObjectNode> valid, AppendResult r) {
        if (r.duplicate()) {
            return;
        }
        emit("message.appended", key, r.lastSeq());
        long first = r.lastSeq() - valid.size() + 1;
        for (AppendListener l : appendListeners) {
            try {
                l.appended(key.format(), first, valid);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "append listener failed: " + ex);
            }
        }
        engine.guard(key);
    }

    /** Registers an observer of acknowledged appends; the returned handle unregisters it. */
    public Runnable onAppend(AppendListener listener) {
        appendListeners.add(listener);
        return () -> appendListeners.remove(listener);
    }

    /** The turn queue of SPEC §8.2. */
    public Turns turns() {
        return turns;
    }

    /** {@code sessions.history}: {@code last} null → 50 (1..1000); {@code beforeSeq} exclusive, may be null. */
    public Uni<HistoryPage> history(String sessionKey, Integer last, Long beforeSeq, boolean includeArchived) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            int n = last == null ? 50 : last;
            if (n < 1 || n > 1000) {
                throw ParleyException.invalidParams("last", "last must be between 1 and 1000");
            }
            if (beforeSeq != null && beforeSeq < 0) {
                throw ParleyException.invalidParams("beforeSeq", "beforeSeq must be a non-negative integer");
            }
            return onLane(key, () -> store.history(key, n, beforeSeq, includeArchived));
        });
    }

    /** A session's effective settings: its overrides, then its agent's defaults, then the global ones. */
    ResolvedSettings resolvedSettings(SessionKey key, SessionMeta meta) {
        return settings.resolve(key.agentId(), Overrides.fromJson(meta.overrides()));
    }

    public SettingsResolver settingsResolver() {
        return settings;
    }

    /**
     * {@code sessions.patch}: validates every update first ({@code INVALID_PARAMS} with {@code data.field}
     * {@code updates.<field>}; {@code null} clears an override), then appends one {@code settings} entry with the
     * changes (none when nothing changes) and answers like {@code sessions.get}.
     */
    public Uni<ObjectNode> patch(String sessionKey, ObjectNode updates) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            if (updates == null) {
                throw ParleyException.invalidParams("updates", "updates must be an object");
            }
            return onLane(key, () -> {
                store.requireLive(key);
                SessionMeta m = store.openMeta(key);
                OverridesUpdate u = Overrides.fromJson(m.overrides()).apply(updates);
                return u.isEmpty() ? CompletableFuture.<AppendResult>completedFuture(null)
                        : store.append(key, List.of(u.settingsEntry(SettingsSource.RPC)));
            }).thenCompose(f -> f).thenCompose(x -> get(sessionKey).subscribeAsCompletionStage());
        });
    }

    /** {@code sessions.reset}: a manual reset under the session's lock ({@code SESSION_LOCKED} while it is held). */
    public Uni<ObjectNode> reset(String sessionKey, String note) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                store.requireLive(key);
                long before;
                try (SessionLock ignored = lock(key)) {
                    before = lifecycle.reset(key, "manual", note);
                }
                return Json.object().put("sessionKey", key.format()).put("reset", true).put("messagesBefore", before);
            });
        });
    }

    /** {@code sessions.explain}: the reset policy in force and when it next applies, plus whether it would compact. */
    public Uni<ObjectNode> explain(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                store.requireLive(key);
                SessionMeta m = store.openMeta(key);
                ObjectNode out = lifecycle.explain(key, m);
                ObjectNode usage = engine.usage(key, m);
                out.put("wouldCompact", usage.path("estimatedTokens").asLong()
                        > usage.path("availableForHistory").asLong());
                return out;
            });
        });
    }

    /** {@code sessions.archive}: moves the transcript to {@code archive/} under the session's lock. */
    public Uni<ObjectNode> archive(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                try (SessionLock ignored = lock(key)) {
                    store.requireLive(key);
                    lifecycle.archive(key, "archived");
                }
                return Json.object().put("sessionKey", key.format()).put("status", "archived");
            });
        });
    }

    /** {@code sessions.restore}: brings an archived session back ({@code CONFLICT} over a live one). */
    public Uni<ObjectNode> restore(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                try (SessionLock ignored = lock(key)) {
                    store.restore(key);
                }
                emit("session.restored", key, null);
                return Json.object().put("sessionKey", key.format()).put("status", "active");
            });
        });
    }

    /** The scheduled sweep (one at a time): policy resets, archiving, expiry, trash purge. Blocking. */
    public ObjectNode sweep() {
        Lifecycle.SweepReport r = lifecycle.sweep();
        return Json.object().put("reset", r.reset()).put("archived", r.archived()).put("expired", r.expired())
                .put("purged", r.purged()).put("skipped", r.skipped());
    }

    /**
     * {@code messages.inbound}: access control, key resolution, lazy reset, directives and session commands, then
     * the user message; {@code {accepted, sessionKey, seq, duplicate?, reply?, dropped?, reason?, pairing?}}.
     */
    public Uni<ObjectNode> inbound(InboundRequest request) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> inbound.handle(request), pool)
                .thenCompose(f -> f));
    }

    /** {@code pairing.list}: pending codes and approved senders (all channels when {@code channel} is null). */
    public Uni<dev.parley.core.access.PairingList> pairings(String channel) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(() -> access.list(channel), pool));
    }

    /** {@code pairing.approve}: allows the sender behind {@code code}. */
    public Uni<dev.parley.core.access.ApprovedSender> approvePairing(String channel, String code) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(
                () -> access.approve(channel, code), pool));
    }

    public dev.parley.core.access.AccessControl access() {
        return access;
    }

    Lifecycle lifecycle() {
        return lifecycle;
    }

    /** {@code sessions.context}: the model's view (SPEC §5). */
    public Uni<ContextView> context(String sessionKey) {
        return Uni.createFrom().completionStage(() -> engine.context(parseKey(sessionKey)));
    }

    /**
     * {@code sessions.compact}: runs the session's summarising strategy now ({@code strategy} overrides it) with
     * {@code instructions} as extra focus. Fails with {@code COMPACTION_FAILED} naming the plugin; writes nothing then.
     */
    public Uni<CompactOutcome> compact(String sessionKey, String instructions, String strategy) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                store.requireLive(key);
                return true;
            })
                    .thenCompose(x -> engine.compact(key, dev.parley.compaction.spi.CompactionReason.MANUAL,
                            instructions, strategy));
        });
    }

    public CompactionEngine engine() {
        return engine;
    }

    /** {@code compaction.strategies}: every compactor, summariser and estimator with its source jar. */
    public dev.parley.core.compaction.registry.Strategies strategies() {
        return plugins instanceof Plugins p ? p.registry().strategies()
                : new dev.parley.core.compaction.registry.Strategies(List.of(), List.of(), List.of());
    }

    public Uni<ListPage> list(ListQuery query) {
        return Uni.createFrom().item(() -> queries.list(query));
    }

    /** {@code sessions.get}: {@code {sessionKey, …metadata entry, overrides, settings}}. */
    public Uni<ObjectNode> get(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                store.requireLive(key); // SESSION_NOT_FOUND before anything else
                ObjectNode usage = engine.usage(key, store.openMeta(key));
                ObjectNode meta = store.describe(key);
                ObjectNode out = Json.object();
                out.put("sessionKey", key.format());
                out.put("agentId", key.agentId());
                out.setAll(meta);
                SessionMeta m = store.openMeta(key);
                ResolvedSettings resolved = resolvedSettings(key, m);
                out.set("overrides", m.overrides());
                out.set("settings", resolved.settings().toJson());
                out.set("settingSources", resolved.sourcesJson());
                out.set("usage", usage);
                return out;
            });
        });
    }

    /**
     * {@code sessions.export} in the {@code parley} format: {@code {format, version, sessionKey, metadata (as
     * sessions.get), entries (every line, header first)}}.
     */
    public Uni<ObjectNode> exportDocument(String sessionKey) {
        return portable().exportDocument(sessionKey);
    }

    /** The {@code parley} export written as it is read (REST streaming); close the stream when done. */
    public Uni<dev.parley.core.portable.DocumentStream> openExportDocument(String sessionKey) {
        return portable().openDocument(sessionKey);
    }

    /** {@code sessions.import} of a {@code parley} document: {@code {imported:[key], mapped:[], skipped:[]}}. */
    public Uni<ObjectNode> importDocument(com.fasterxml.jackson.databind.JsonNode document, boolean overwrite) {
        return portable().importDocument(document, overwrite);
    }

    /** {@code sessions.export {format:"openclaw"}}: {@code {files:{path: content}}} (OPENCLAW-FORMAT.md). */
    public Uni<ObjectNode> exportOpenClaw(String sessionKey) {
        return portable().exportOpenClaw(sessionKey);
    }

    /** {@code sessions.import {files}}: an OpenClaw tree; {@code {imported, mapped, skipped}}. */
    public Uni<ObjectNode> importOpenClaw(ObjectNode files, boolean overwrite) {
        return portable().importOpenClaw(files, overwrite);
    }

    private Portable portable() {
        return new Portable(this, store, engine, validator);
    }

    /** {@code sessions.delete}: moves the transcript to {@code trash/}, under the session's lock. */
    public Uni<Void> delete(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                try (SessionLock ignored = lock(key)) {
                    store.delete(key);
                    engine.forget(key);
                    emit("session.deleted", key, null);
                }
                return (Void) null;
            });
        });
    }

    public Uni<RepairResult> repair(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parseKey(sessionKey);
            return onLane(key, () -> {
                try (SessionLock ignored = lock(key)) {
                    engine.forget(key);
                    return store.repair(key);
                }
            });
        });
    }

    public Uni<SystemStatus> status(boolean verbose) {
        return Uni.createFrom().item(() -> queries.status(verbose, options.clock().millis() - startedAt, locks));
    }

    public HealthReport health() {
        Path dir = options.stateDir();
        Path lockDir = dir.resolve("locks");
        return new HealthReport(Files.isDirectory(dir) && Files.isWritable(dir), store.loaded(),
                Files.isDirectory(lockDir) && Files.isWritable(lockDir), store.writersHealthy());
    }

    private SessionKey parseKey(String raw) {
        if (raw == null) {
            throw ParleyException.invalidParams("sessionKey", "sessionKey is required");
        }
        return SessionKey.parse(raw, options.defaultAgent());
    }

    SessionEventListener events() {
        return events;
    }

    void emit(String type, SessionKey key, Long seq) {
        try {
            events.event(type, key.format(), key.agentId(), seq);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "event listener failed on " + type + ": " + e);
        }
    }

    /** Lane: the session's lock file for a multi-step operation; {@code SESSION_LOCKED} at once while a turn runs. */
    SessionLock lock(SessionKey key) {
        turns.requireUnleased(key);
        return locks.acquire(key.format(), FileStems.stem(key), null);
    }

    /** Runs blocking store work on the key's lane; IOExceptions become STORAGE_FAILED. */
    <T> CompletableFuture<T> onLane(SessionKey key, Callable<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new ParleyException(
                    dev.parley.core.error.ErrorCode.STORAGE_FAILED, "Parley is shutting down"));
        }
        CompletableFuture<T> f = lanes.submit(key.format(), () -> {
            try {
                return work.call();
            } catch (IOException e) {
                throw new ParleyException(dev.parley.core.error.ErrorCode.STORAGE_FAILED,
                        "storage failed: " + e.getMessage(), java.util.Map.of(), e);
            }
        });
        if (store.openCount() > MAX_OPEN_FILES) {
            closeIdleFiles();
        }
        return f;
    }

    /** Keeps the number of open transcripts bounded: closes the least recently used tenth, each on its lane. */
    private void closeIdleFiles() {
        if (!evicting.compareAndSet(false, true)) {
            return;
        }
        List<CompletableFuture<Object>> closing = store.leastRecentlyUsed(MAX_OPEN_FILES / 10).stream()
                .map(k -> lanes.submit(k, () -> {
                    store.closeIfIdle(k);
                    return null;
                })).toList();
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                .whenComplete((v, e) -> evicting.set(false));
    }

    /** Graceful close: finish in-flight appends, flush metadata, release locks and the state-dir lock. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        turns.close();
        background.stop();
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
        store.flushMetadata();
        pool.shutdown();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        locks.close();
        if (plugins instanceof Plugins p) {
            p.registry().close();
        }
        stateDirLock.close();
    }

    static RuntimeException unwrap(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof RuntimeException re ? re : new IllegalStateException(c);
    }
}
