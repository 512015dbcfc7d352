package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.transcript.TranscriptWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * The embedded file store (SPEC §3): blocking, and every per-session method must be called on that session's
 * lane (the caller, {@code SessionService}, guarantees it). Methods that only read the catalogue are safe from
 * any thread.
 *
 * <p>Design notes. A session is "open" once its transcript has been verified (bounded scan past
 * {@code flushedLength}); the open map holds its channel and writer. Appends write on the lane and return a
 * future that completes when the bytes are durable per {@code parley.storage.fsync}; the lane does not wait
 * for the force, so appends queued meanwhile share the next one (see {@link TranscriptWriter}). A new
 * transcript is created with {@code CREATE_NEW}, its header written together with the first batch, and its
 * directory forced before the append is acknowledged.
 */
public final class FileSessionStore {
    private static final System.Logger LOG = System.getLogger(FileSessionStore.class.getName());

    private final Path stateDir;
    private final StoreContext ctx;
    private final AgentCatalog catalog;
    private final SessionIndex index = new SessionIndex();
    private final ConcurrentHashMap<String, OpenSession> open = new ConcurrentHashMap<>();
    private final Appender appender;
    private final HistoryReader historyReader = new HistoryReader();
    private final SessionFiles files;
    private volatile boolean loaded;

    public FileSessionStore(SessionOptions options, ExecutorService pool, StoreStats stats, ChannelFactory channels) {
        this.stateDir = options.stateDir();
        this.ctx = new StoreContext(options, pool, stats, channels);
        this.catalog = new AgentCatalog(stateDir, ctx);
        this.appender = new Appender(ctx);
        this.files = new SessionFiles(this, ctx, catalog, index);
    }

    /** Loads (or rebuilds) every agent's metadata and builds the list index. */
    public void load() throws IOException {
        catalog.loadAll();
        for (AgentCatalog.Agent a : catalog.agents()) {
            for (SessionMeta m : a.metas.values()) {
                if (!m.status().equals("deleted")) {
                    indexPut(SessionKey.parse(m.sessionKey, ctx.options().defaultAgent()), m.lastActiveAt());
                }
            }
        }
        loaded = true;
    }

    void indexPut(SessionKey k, long lastActiveAt) {
        index.put(k.format(), k.agentId(), k.channel(), SessionQueries.scopeOf(k), lastActiveAt);
    }

    public boolean loaded() {
        return loaded;
    }

    StoreContext context() {
        return ctx;
    }

    AgentCatalog catalog() {
        return catalog;
    }

    SessionIndex index() {
        return index;
    }

    /** The metadata entry of a key, or null. Any thread. */
    public SessionMeta meta(SessionKey key) {
        AgentCatalog.Agent a = catalog.existing(key.agentId());
        return a == null ? null : a.metas.get(key.format());
    }

    /** The metadata entry of a canonical key of {@code agentId}, or null. Any thread. */
    SessionMeta metaOf(String agentId, String canonicalKey) {
        AgentCatalog.Agent a = catalog.existing(agentId);
        return a == null ? null : a.metas.get(canonicalKey);
    }

    /** Lane: opens (verifies) a live session, or returns null when it does not exist or is not active. */
    OpenSession openExisting(SessionKey key) throws IOException {
        String k = key.format();
        OpenSession s = open.get(k);
        if (s != null) {
            s.lastUsed = System.nanoTime();
            return s;
        }
        SessionMeta m = meta(key);
        if (m == null || !m.status().equals("active")) {
            return null;
        }
        AgentCatalog.Agent a = catalog.agent(key.agentId());
        s = new OpenSession(key, a.dir.resolve(m.file()), m);
        s.open(ctx);
        if (m.lastSeq() < 0 && s.corruptOffset < 0) {
            // No header survived (a crash between creating the file and writing it, after the metadata was
            // flushed; a torn header was just cut): the first append writes one, as for a new session.
            s.pendingHeader = header(key);
        }
        a.dirty.set(true);
        open.put(k, s);
        return s;
    }

    OpenSession require(SessionKey key) throws IOException { // package-private: OpenSession is internal
        OpenSession s = openExisting(key);
        if (s == null) {
            throw ParleyException.notFound(key.format());
        }
        return s;
    }

    /** Lane: appends a validated batch; the future completes when it is durable (per fsync mode). */
    public CompletableFuture<dev.parley.core.session.AppendResult> append(SessionKey key, List<ObjectNode> entries) throws IOException {
        OpenSession s = openExisting(key);
        AgentCatalog.Agent agent = catalog.agent(key.agentId());
        if (s == null) {
            s = newSession(key, agent);
        }
        CompletableFuture<dev.parley.core.session.AppendResult> f = appender.append(s, entries, created -> materialize(created, agent));
        agent.dirty.set(true);
        indexPut(s.key, s.meta.lastActiveAt());
        return f;
    }

    /** Lane: a session object for a key with no live transcript; nothing is on disk until {@link #materialize}. */
    private OpenSession newSession(SessionKey key, AgentCatalog.Agent agent) throws IOException {
        String fileName = FileStems.stem(key) + ".jsonl";
        Path path = Paths.checkedChild(stateDir, agent.dir, fileName);
        OpenSession s = new OpenSession(key, path, new SessionMeta(key.format(), fileName));
        s.pendingHeader = header(key);
        return s;
    }

    /**
     * Lane: creates the transcript file (CREATE_NEW), forces its directory, registers the session. A known session
     * whose file lost its header (see {@link #openExisting}) already has its empty file open: nothing to create.
     */
    private void materialize(OpenSession s, AgentCatalog.Agent agent) throws IOException {
        if (s.channel == null) {
            files.create(s, agent);
        }
        SessionMeta superseded = agent.metas.get(s.keyString);
        if (superseded != null && superseded != s.meta) {
            s.meta.addPrevious(superseded.toJson(ctx.now()));
        }
        agent.metas.put(s.keyString, s.meta);
        open.put(s.keyString, s);
        agent.dirty.set(true);
    }

    private ObjectNode header(SessionKey key) {
        ObjectNode h = Json.object();
        h.put("seq", 0);
        h.put("type", "session");
        h.put("version", 1);
        h.put("timestamp", ctx.now());
        h.put("sessionKey", key.format());
        h.put("agentId", key.agentId());
        return h;
    }

    /** Lane: the model's view of a live session (see {@link ViewReader}). */
    public ViewSnapshot view(SessionKey key) throws IOException {
        return new ViewReader().read(require(key));
    }

    /**
     * Lane: streams the view's entries to {@code each} without holding them (figures over a long view); returns the
     * compaction in force, or null.
     */
    public ObjectNode scanView(SessionKey key, java.util.function.Consumer<ObjectNode> each) throws IOException {
        return new ViewReader().scan(require(key), each);
    }

    /**
     * Lane: hands the compaction in force (or null) to {@code header}, then the view's entries to {@code each} newest
     * first until it answers false or the view's start is reached.
     */
    public void scanViewBackwards(SessionKey key, java.util.function.Consumer<ObjectNode> header,
                                  java.util.function.Predicate<ObjectNode> each) throws IOException {
        new ViewReader().scanBackwards(require(key), header, each);
    }

    /** Lane: throws SESSION_NOT_FOUND unless the session is live. */
    public void requireLive(SessionKey key) throws IOException {
        require(key);
    }

    /** Lane: the live metadata entry of a session, verified (null when it does not exist). */
    public SessionMeta openMeta(SessionKey key) throws IOException {
        OpenSession s = openExisting(key);
        return s == null ? null : s.meta;
    }

    /** Lane: a page of the active history. */
    public HistoryPage history(SessionKey key, int last, Long beforeSeq, boolean includeArchived) throws IOException {
        OpenSession s = require(key);
        return historyReader.read(s, last, beforeSeq, includeArchived);
    }

    /** Lane (of {@code key}): closes a session's files on shutdown. */
    public void closeSessionOnLane(String key) {
        closeSession(key);
    }

    /** Lane: closes a session's files (before a move, or on shutdown). */
    void closeSession(String key) {
        OpenSession s = open.remove(key);
        if (s != null) {
            s.close();
        }
    }

    /** Lane: moves the transcript to {@code trash/}; the metadata entry stays with status {@code deleted}. */
    public void delete(SessionKey key) throws IOException {
        files.delete(key);
    }

    /**
     * Lane: moves a live session's transcript to {@code archive/} with status {@code archived} (or {@code expired});
     * it stays listed under that status. Nothing is deleted.
     */
    public void archive(SessionKey key, String status) throws IOException {
        files.archive(key, status);
    }

    /** Lane: brings an archived session back ({@code CONFLICT} when its file name is taken or it is not archived). */
    public void restore(SessionKey key) throws IOException {
        files.restore(key);
    }

    /** Every session's key and status (for the lifecycle sweep). Any thread. */
    public List<SessionMeta> allMetas() {
        List<SessionMeta> out = new ArrayList<>();
        for (AgentCatalog.Agent a : catalog.agents()) {
            out.addAll(a.metas.values());
        }
        return out;
    }

    /** Deletes trashed transcripts older than {@code retentionMs} (the only place Parley deletes a transcript). */
    public int purgeTrash(long retentionMs) throws IOException {
        return files.purgeTrash(retentionMs);
    }

    /** Lane: rewrites unreadable lines as {@code repaired} entries (see {@link Repairer}). */
    public dev.parley.core.session.RepairResult repair(SessionKey key) throws IOException {
        OpenSession s = require(key);
        closeSession(s.keyString);
        dev.parley.core.session.RepairResult r = new Repairer(ctx).repair(s);
        OpenSession reopened = openExisting(key);
        if (reopened != null) {
            indexPut(reopened.key, reopened.meta.lastActiveAt());
        }
        return r;
    }

    /**
     * Lane: registers the transcript an import just wrote whole at the key's live file name, scanned the way an
     * unknown transcript is adopted at start; a superseded (deleted or archived) entry of the key becomes its
     * {@code previous}. The key must have no live session.
     */
    public void adoptImported(SessionKey key) throws IOException {
        files.adoptImported(key);
    }

    /** Lane: a verified metadata snapshot for {@code sessions.get}. */
    public ObjectNode describe(SessionKey key) throws IOException {
        OpenSession s = require(key);
        return s.meta.toJson(ctx.now());
    }

    public boolean writersHealthy() {
        for (OpenSession s : open.values()) {
            if (s.writer != null && s.writer.failed()) {
                return false;
            }
        }
        return true;
    }

    /** Forces every writer with unforced bytes (fsync=interval). */
    public void forceAll() {
        for (OpenSession s : open.values()) {
            TranscriptWriter w = s.writer;
            if (w != null) {
                w.forceSoon();
            }
        }
    }

    public boolean flushMetadata() {
        return catalog.flush();
    }

    /** Whether the session's transcript is open in this process. Any thread. */
    public boolean isOpen(SessionKey key) {
        return open.containsKey(key.format());
    }

    public int openCount() {
        return open.size();
    }

    /** The {@code n} least recently used open sessions: candidates to close when too many files are open. */
    public List<String> leastRecentlyUsed(int n) {
        // Snapshot lastUsed first: sorting on a field other threads keep changing breaks the sort's contract.
        record Use(long at, String key) {}
        return open.values().stream()
                .map(s -> new Use(s.lastUsed, s.keyString))
                .sorted(java.util.Comparator.comparingLong(Use::at))
                .limit(n).map(Use::key).toList();
    }

    /** Lane (of {@code key}): closes the session's files unless it was used in the last second. */
    public void closeIfIdle(String key) {
        OpenSession s = open.get(key);
        if (s != null && System.nanoTime() - s.lastUsed > 1_000_000_000L && s.pendingHeader == null) {
            closeSession(key);
        }
    }

    /** Keys of the currently open sessions (for an orderly close on their lanes). */
    public List<String> openKeys() {
        return new ArrayList<>(open.keySet());
    }

    public void closeAllUnsafe() {
        for (String k : openKeys()) {
            closeSession(k);
        }
        LOG.log(System.Logger.Level.DEBUG, "closed all transcripts");
    }

    static ParleyException storageFailed(String what, IOException e) {
        return new ParleyException(ErrorCode.STORAGE_FAILED, what + ": " + e.getMessage(), java.util.Map.of(), e);
    }
}
