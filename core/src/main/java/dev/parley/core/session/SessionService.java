package dev.parley.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.access.AccessControl;
import dev.parley.core.access.ApprovedSender;
import dev.parley.core.access.PairingList;
import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.CompactionEngine;
import dev.parley.core.compaction.CompactionListener;
import dev.parley.core.compaction.CompactionPlugins;
import dev.parley.core.compaction.ContextView;
import dev.parley.core.compaction.registry.Strategies;
import dev.parley.core.error.ParleyException;
import dev.parley.core.events.AppendListener;
import dev.parley.core.events.SessionEventListener;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.FencingTokens;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.lock.SessionLocks;
import dev.parley.core.lock.StateDirLock;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.portable.DocumentStream;
import dev.parley.core.routing.KeyResolver;
import dev.parley.core.settings.Overrides;
import dev.parley.core.settings.ResolvedSettings;
import dev.parley.core.settings.SettingsResolver;
import dev.parley.core.store.ChannelFactory;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.store.SessionQueries;
import dev.parley.core.store.StoreStats;
import dev.parley.core.transcript.EntryValidator;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The reactive facade of core (SPEC §1): every operation returns a {@link Uni}; blocking file work runs on a
 * bounded worker pool, one ordered lane per session key (so one session's operations never interleave and
 * different sessions proceed in parallel). Errors are {@link ParleyException}s.
 *
 * <p>This class only sequences: it parses keys and validates input before anything touches the disk, then hands
 * the work to the store on the session's lane. Multi-step operations (delete, repair) also hold the session's
 * lock file so another process (or a runtime's lease) never sees them half done. The bodies live by concern in
 * package-private helpers ({@link SessionOps}, {@link Appends}, {@link Inbound}, {@link Lifecycle}, {@link Portable},
 * {@link Turns}, {@link SessionLanes}) that call back into this class's package-private helpers.
 */
public final class SessionService implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
    /** Transcripts kept open at once; beyond it idle ones are closed (file descriptors are finite). */
    static final int MAX_OPEN_FILES = Integer.getInteger("parley.internal.max-open-files", 2048);

    private final SessionOptions options;
    private final StateDirLock stateDirLock;
    private final SessionLocks locks;
    private final ExecutorService pool;
    private final SessionLanes lanes;
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
    private final long startedAt;
    private final Appends appends;
    private final SessionOps ops;
    private final Turns turns;

    SessionService(SessionOptions options, StateDirLock stateDirLock, SessionLocks locks, FencingTokens tokens,
                           ExecutorService pool, FileSessionStore store, StoreStats stats,
                           CompactionPlugins plugins, CompactionListener listener, SessionEventListener events) {
        this.options = options;
        this.stateDirLock = stateDirLock;
        this.locks = locks;
        this.pool = pool;
        this.lanes = new SessionLanes(pool, store, MAX_OPEN_FILES);
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
        this.inbound = new Inbound(this, store, resolver, validator);
        this.turns = new Turns(this, store, locks, tokens, pool);
        this.appends = new Appends(this, store, engine, validator);
        this.ops = new SessionOps(this, store, engine);
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
        return ServiceOpener.open(options, channels, plugins, listener, events);
    }

    /** Starts the periodic chores and re-queues unanswered turns (the last step of opening). */
    void start() {
        background.start();
        turns.start();
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
        return Uni.createFrom().item(() -> inbound.resolve(r));
    }

    /**
     * {@code sessions.append}: entries are raw JSON objects as sent by the client (no {@code seq}); the batch is
     * validated whole, written and forced once. {@code token} may be null (leases arrive with §8.2).
     */
    public Uni<AppendResult> append(String sessionKey, List<ObjectNode> entries, Long token) {
        return appends.append(sessionKey, entries, token);
    }

    /**
     * A write of Parley's own on behalf of another session or an operator (SPEC §8.2: deliveries are always appended,
     * even while a lease is held): validated like {@code sessions.append}, then appended; with {@code queueTurn} a
     * turn is queued for the session's agent (coalesced with one already queued or running).
     */
    public Uni<AppendResult> deliver(String sessionKey, List<ObjectNode> entries, boolean queueTurn) {
        return appends.deliver(sessionKey, entries, queueTurn);
    }

    /** Registers an observer of acknowledged appends; the returned handle unregisters it. */
    public Runnable onAppend(AppendListener listener) {
        return appends.onAppend(listener);
    }

    /** The turn queue of SPEC §8.2. */
    public Turns turns() {
        return turns;
    }

    /** {@code sessions.history}: {@code last} null → 50 (1..1000); {@code beforeSeq} exclusive, may be null. */
    public Uni<HistoryPage> history(String sessionKey, Integer last, Long beforeSeq, boolean includeArchived) {
        return ops.history(sessionKey, last, beforeSeq, includeArchived);
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
        return ops.patch(sessionKey, updates);
    }

    /** {@code sessions.reset}: a manual reset under the session's lock ({@code SESSION_LOCKED} while it is held). */
    public Uni<ObjectNode> reset(String sessionKey, String note) {
        return ops.reset(sessionKey, note);
    }

    /** {@code sessions.explain}: the reset policy in force and when it next applies, plus whether it would compact. */
    public Uni<ObjectNode> explain(String sessionKey) {
        return ops.explain(sessionKey);
    }

    /** {@code sessions.archive}: moves the transcript to {@code archive/} under the session's lock. */
    public Uni<ObjectNode> archive(String sessionKey) {
        return ops.archive(sessionKey);
    }

    /** {@code sessions.restore}: brings an archived session back ({@code CONFLICT} over a live one). */
    public Uni<ObjectNode> restore(String sessionKey) {
        return ops.restore(sessionKey);
    }

    /** The scheduled sweep (one at a time): policy resets, archiving, expiry, trash purge. Blocking. */
    public ObjectNode sweep() {
        return lifecycle.sweep().toJson();
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
    public Uni<PairingList> pairings(String channel) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(
                () -> inbound.access().list(channel), pool));
    }

    /** {@code pairing.approve}: allows the sender behind {@code code}. */
    public Uni<ApprovedSender> approvePairing(String channel, String code) {
        return Uni.createFrom().completionStage(() -> CompletableFuture.supplyAsync(
                () -> inbound.access().approve(channel, code), pool));
    }

    public AccessControl access() {
        return inbound.access();
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
        return ops.compact(sessionKey, instructions, strategy);
    }

    public CompactionEngine engine() {
        return engine;
    }

    /** {@code compaction.strategies}: every compactor, summariser and estimator with its source jar. */
    public Strategies strategies() {
        return plugins instanceof Plugins p ? p.registry().strategies()
                : new Strategies(List.of(), List.of(), List.of());
    }

    public Uni<ListPage> list(ListQuery query) {
        return Uni.createFrom().item(() -> queries.list(query));
    }

    /** {@code sessions.get}: {@code {sessionKey, …metadata entry, overrides, settings}}. */
    public Uni<ObjectNode> get(String sessionKey) {
        return ops.get(sessionKey);
    }

    /**
     * {@code sessions.export} in the {@code parley} format: {@code {format, version, sessionKey, metadata (as
     * sessions.get), entries (every line, header first)}}.
     */
    public Uni<ObjectNode> exportDocument(String sessionKey) {
        return portable().exportDocument(sessionKey);
    }

    /** The {@code parley} export written as it is read (REST streaming); close the stream when done. */
    public Uni<DocumentStream> openExportDocument(String sessionKey) {
        return portable().openDocument(sessionKey);
    }

    /** {@code sessions.import} of a {@code parley} document: {@code {imported:[key], mapped:[], skipped:[]}}. */
    public Uni<ObjectNode> importDocument(JsonNode document, boolean overwrite) {
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
        return ops.delete(sessionKey);
    }

    /** {@code sessions.repair}: rewrites unreadable lines as {@code repaired} entries, under the session's lock. */
    public Uni<RepairResult> repair(String sessionKey) {
        return ops.repair(sessionKey);
    }

    public Uni<SystemStatus> status(boolean verbose) {
        return Uni.createFrom().item(() -> queries.status(verbose, options.clock().millis() - startedAt, locks));
    }

    public HealthReport health() {
        return queries.health();
    }

    SessionKey parseKey(String raw) {
        if (raw == null) {
            throw ParleyException.invalidParams("sessionKey", "sessionKey is required");
        }
        return SessionKey.parse(raw, options.defaultAgent());
    }

    Appends appends() {
        return appends;
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
        return lanes.run(key, work);
    }

    /** Graceful close: finish in-flight appends, flush metadata, release locks and the state-dir lock. */
    @Override
    public void close() {
        if (lanes.closed()) {
            return;
        }
        lanes.shutDown();
        turns.close();
        background.stop();
        lanes.closeTranscripts();
        store.flushMetadata();
        lanes.stopPool();
        locks.close();
        if (plugins instanceof Plugins p) {
            p.registry().close();
        }
        stateDirLock.close();
    }
}
