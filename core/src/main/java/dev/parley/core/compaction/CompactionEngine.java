package dev.parley.core.compaction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.PreviousSummary;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.Turn;
import dev.parley.core.context.EntryViews;
import dev.parley.core.context.ModelCatalog;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.store.ViewSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The context guard and compaction engine (SPEC §5, §6).
 *
 * <p>Design notes.
 * <ul>
 *   <li>Accounting runs on the session's lane inside every append ({@link #account}); the guard runs after the
 *       append is acknowledged ({@link #guard}), so appends never wait for compaction.</li>
 *   <li>A compaction takes a snapshot of the view on the lane, runs the plugin <em>off</em> the lane while
 *       appends continue, validates the result (tool pairs, recent turns, tokens, quality gate) and appends
 *       exactly one {@code compact} entry back on the lane — or nothing at all when anything failed. At most one
 *       compaction per session is in flight ({@code inFlight}).</li>
 *   <li>Safeguard: when the plugin fails and the summarised part holds undelivered messages, they are replaced
 *       by a one-line note and the compaction is retried once.</li>
 *   <li>{@code stats} holds each session's running view figures; it is only touched on that session's lane.</li>
 * </ul>
 */
public final class CompactionEngine {
    /** The model a session runs on: its override, else its agent's default, else the global default (or null). */
    @FunctionalInterface
    public interface ModelResolver {
        String model(SessionKey key, SessionMeta meta);
    }

    /** Runs work on a session's lane (provided by the session facade). */
    public interface LaneRunner {
        <T> CompletableFuture<T> onLane(SessionKey key, Callable<T> work);
    }

    private static final Set<String> SUMMARISING = Set.of("auto");

    private final Map<String, String> properties;
    private final CompactionPlugins plugins;
    private final ModelCatalog catalog;
    private final FileSessionStore store;
    private final LaneRunner lanes;
    private final CompactionListener listener;
    private final ModelResolver models;
    private final ConcurrentHashMap<String, ViewStats> stats = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, CompactionConfig> configs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Reported> reported = new ConcurrentHashMap<>();

    public CompactionEngine(Map<String, String> properties, CompactionPlugins plugins, FileSessionStore store,
                            LaneRunner lanes, CompactionListener listener, ModelResolver models) {
        this.models = models;
        this.properties = Map.copyOf(properties);
        this.plugins = plugins;
        this.catalog = new ModelCatalog(properties);
        this.store = store;
        this.lanes = lanes;
        this.listener = listener;
    }

    private String model(SessionKey key, SessionMeta meta) {
        return models.model(key, meta);
    }

    public CompactionConfig config(String agentId) {
        return configs.computeIfAbsent(agentId, a -> CompactionConfig.resolve(properties, a));
    }

    ContextBudget budget(SessionKey key, String model) {
        ModelCatalog.ModelSpec spec = catalog.spec(model);
        Reported r = reported.getOrDefault(key.format(), Reported.NONE);
        return ContextBudget.of(spec.contextWindow(), spec.maxOutputTokens(), config(key.agentId()).bufferTokens(),
                r.systemPromptTokens(), r.toolSchemaTokens());
    }

    /**
     * What a runtime reported about a session's last turn (SPEC §5, §8.2): system-prompt and tool-schema tokens count
     * in the reserve from then on; {@code drift} = (estimate − reported input) / reported input, or null.
     */
    public record Reported(long systemPromptTokens, long toolSchemaTokens, long leaseEstimate, Double drift) {
        static final Reported NONE = new Reported(0, 0, -1, null);
    }

    /** A lease was handed out with a context of {@code estimatedTokens}: the base of the next drift figure. */
    public void leased(SessionKey key, long estimatedTokens) {
        reported.compute(key.format(), (k, r) -> {
            Reported p = r == null ? Reported.NONE : r;
            return new Reported(p.systemPromptTokens(), p.toolSchemaTokens(), estimatedTokens, p.drift());
        });
    }

    /** {@code turns.complete}'s usage: each figure may be null (then the previous one stays). */
    public void report(SessionKey key, Long systemPromptTokens, Long toolSchemaTokens, Long inputTokens) {
        reported.compute(key.format(), (k, r) -> {
            Reported p = r == null ? Reported.NONE : r;
            long sys = systemPromptTokens != null ? systemPromptTokens : p.systemPromptTokens();
            long tools = toolSchemaTokens != null ? toolSchemaTokens : p.toolSchemaTokens();
            Double drift = p.drift();
            if (inputTokens != null && inputTokens > 0 && p.leaseEstimate() >= 0) {
                drift = (p.leaseEstimate() + sys + tools - inputTokens) / (double) inputTokens;
            }
            return new Reported(sys, tools, p.leaseEstimate(), drift);
        });
    }

    /** The session's reported figures (zeros and a null drift until a runtime reports). */
    public Reported reported(SessionKey key) {
        return reported.getOrDefault(key.format(), Reported.NONE);
    }

    TokenEstimator estimator(String agentId, String model) {
        String name = catalog.spec(model).estimator();
        return plugins.estimator(name != null ? name : config(agentId).estimator(), agentId);
    }

    /** Lane: folds just-appended entries into the running view figures and the metadata's estimate. */
    public void account(SessionKey key, SessionMeta meta, List<ObjectNode> appended) {
        ViewStats s = stats.get(key.format());
        if (s == null) {
            return;
        }
        if (appended.stream().anyMatch(e -> "compact".equals(e.path("type").asText()))) {
            stats.remove(key.format()); // a client-written compaction changes the view: recompute when next needed
            meta.setEstimatedTokens(-1);
            return;
        }
        TokenEstimator est = estimator(key.agentId(), model(key, meta));
        for (ObjectNode e : appended) {
            s.add(e, est);
        }
        meta.setEstimatedTokens(s.tokens);
    }

    /** Lane: forgets a session's figures (after it was deleted, repaired or reset outside the engine). */
    public void forget(SessionKey key) {
        stats.remove(key.format());
    }

    /** After an acknowledged append: checks the view and runs the session's compaction mode when over budget. */
    public CompletableFuture<Void> guard(SessionKey key) {
        return lanes.onLane(key, () -> overBudget(key)).thenCompose(over -> {
            if (!over) {
                return CompletableFuture.completedFuture(null);
            }
            CompactionConfig cfg = config(key.agentId());
            if (cfg.mode().equals("manual")) {
                return lanes.onLane(key, () -> {
                    overflowNotice(key);
                    return null;
                });
            }
            return compact(key, CompactionReason.OVERFLOW, null, null)
                    .handle((r, e) -> null);
        });
    }

    /** Lane: whether the view is over its token budget or a history limit. */
    private boolean overBudget(SessionKey key) throws java.io.IOException {
        SessionMeta meta = store.openMeta(key);
        CompactionConfig cfg = config(key.agentId());
        if (meta == null || !cfg.enabled()) {
            return false;
        }
        ViewStats s = statsOf(key, meta);
        ContextBudget b = budget(key, model(key, meta));
        boolean dm = key.type().equals("dm");
        int dmLimit = cfg.dmLimit(key.channel());
        return s.tokens > b.availableForHistory()
                || (dm && dmLimit > 0 && s.turns > dmLimit)
                || (cfg.maxHistoryLength() > 0 && s.messages > cfg.maxHistoryLength());
    }

    /** Lane: the session's view figures, computed from the view the first time. */
    private ViewStats statsOf(SessionKey key, SessionMeta meta) throws java.io.IOException {
        ViewStats s = stats.get(key.format());
        if (s == null) {
            TokenEstimator est = estimator(key.agentId(), model(key, meta));
            ViewStats fresh = new ViewStats();
            ObjectNode compact = store.scanView(key, e -> fresh.add(e, est)); // one line in memory at a time
            fresh.addSummary(compact, est);
            s = fresh;
            stats.put(key.format(), s);
            meta.setEstimatedTokens(s.tokens);
        }
        return s;
    }

    /** Lane: manual mode — one notice per overflow episode, and an event. */
    private void overflowNotice(SessionKey key) throws java.io.IOException {
        ViewStats s = stats.get(key.format());
        if (s == null || s.noticed) {
            return;
        }
        s.noticed = true;
        ObjectNode notice = Json.object();
        notice.put("type", "message");
        notice.putObject("message").put("role", "system").put("content", "Context overflow, run /compact");
        notice.put("notice", true);
        store.append(key, List.of(notice));
        s.add(notice, estimator(key.agentId(), model(key, store.openMeta(key))));
        listener.overflow(key.format());
    }

    /**
     * Runs a compaction now: {@code strategy} overrides the configured one; for a manual request the session's
     * summarising strategy ({@code manual-strategy}) is used when none is given.
     */
    public CompletableFuture<CompactOutcome> compact(SessionKey key, CompactionReason reason, String instructions,
                                                     String strategy) {
        CompactionConfig cfg = config(key.agentId());
        String name = strategy != null ? strategy
                : reason == CompactionReason.MANUAL ? (cfg.mode().equals("manual") || cfg.mode().equals("prune")
                        ? cfg.manualStrategy() : cfg.mode())
                : cfg.mode();
        if (!inFlight.add(key.format())) {
            return CompletableFuture.completedFuture(CompactOutcome.notCompacted("in_progress", name));
        }
        CompletableFuture<CompactOutcome> run;
        try {
            run = lanes.onLane(key, () -> snapshot(key))
                    .thenCompose(snap -> new CompactionRun(this, key, name, reason, instructions, snap).run());
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        return run.whenComplete((r, e) -> inFlight.remove(key.format()));
    }

    /** {@code sessions.context}: the model's view, assembled on the session's lane. */
    public CompletableFuture<ContextView> context(SessionKey key) {
        return lanes.onLane(key, () -> {
            SessionMeta meta = store.openMeta(key);
            if (meta == null) {
                store.requireLive(key); // SESSION_NOT_FOUND
            }
            ContextBudget budget = budget(key, model(key, meta));
            TokenEstimator est = estimator(key.agentId(), model(key, meta));
            if (statsOf(key, meta).tokens <= budget.availableForHistory()) {
                return ContextAssembler.assemble(store.view(key), budget, est); // fits: bounded by the window
            }
            // Over budget (manual mode, or a compaction that could not bring it down): read only the newest turns
            // that are shown, backwards, instead of a view that keeps growing until someone compacts.
            return ContextAssembler.assembleTail(key.format(),
                    (header, each) -> store.scanViewBackwards(key, header, each), budget, est);
        });
    }

    /** Figures for {@code sessions.get}/{@code status}: estimate, window, percent. Lane only. */
    public ObjectNode usage(SessionKey key, SessionMeta meta) throws java.io.IOException {
        ViewStats s = statsOf(key, meta);
        ContextBudget b = budget(key, model(key, meta));
        ObjectNode u = Json.object();
        u.put("estimatedTokens", s.tokens);
        u.put("contextWindow", b.contextWindow());
        u.put("availableForHistory", b.availableForHistory());
        u.put("percent", b.contextWindow() == 0 ? 0 : Math.round(1000.0 * s.tokens / b.contextWindow()) / 10.0);
        Double drift = reported(key).drift();
        if (drift == null) {
            u.putNull("estimatorDrift");
        } else {
            u.put("estimatorDrift", Math.round(drift * 1000) / 1000.0);
        }
        return u;
    }

    /** Lane: the input of a compaction. */
    private Snapshot snapshot(SessionKey key) throws java.io.IOException {
        ViewSnapshot v = store.view(key);
        SessionMeta meta = store.openMeta(key);
        TokenEstimator est = estimator(key.agentId(), model(key, meta));
        List<ObjectNode> entries = v.entries();
        List<Turn> turns = EntryViews.turns(entries, est);
        PreviousSummary prev = null;
        if (v.lastCompact() != null) {
            List<String> chunks = new ArrayList<>();
            v.lastCompact().path("summaryChunks").forEach(c -> chunks.add(c.asText()));
            prev = new PreviousSummary(v.lastCompact().path("summary").asText(""), chunks);
        }
        return new Snapshot(v, turns, prev, est, budget(key, model(key, meta)), meta.contextStart());
    }

    record Snapshot(ViewSnapshot view, List<Turn> turns, PreviousSummary previous, TokenEstimator estimator,
                    ContextBudget budget, long contextStart) {}

    // ---- used by CompactionRun ----

    CompactionPlugins plugins() {
        return plugins;
    }

    CompactionListener listener() {
        return listener;
    }

    CompactionSettings settings(String agentId, String instructions) {
        CompactionConfig c = config(agentId);
        return new CompactionSettings(c.keepRecentTurns(), c.summaryMaxTokens(), c.adaptiveChunking(), instructions);
    }

    /** Built-in strategies that must produce a new summary; plugins are judged by what they return. */
    boolean summarising(String strategy) {
        return SUMMARISING.contains(strategy);
    }

    /**
     * Lane: appends the compact entry unless the session was reset meanwhile; updates the view figures. The
     * returned future completes when the entry is durable (never joined on the lane).
     */
    CompletableFuture<CompactOutcome> apply(SessionKey key, Snapshot snap, ObjectNode compactEntry,
                                            CompactOutcome outcome) throws java.io.IOException {
        SessionMeta meta = store.openMeta(key);
        if (meta == null || meta.contextStart() != snap.contextStart()) {
            return CompletableFuture.completedFuture(
                    CompactOutcome.notCompacted("session was reset during compaction", outcome.strategy()));
        }
        ViewSnapshot now = store.view(key);
        long later = 0;
        for (ObjectNode e : now.entries()) {
            if (e.path("seq").asLong() > snap.view().lastSeq()) {
                later += EntryViews.tokens(e, snap.estimator());
            }
        }
        long after = outcome.tokensAfter() + later;
        compactEntry.put("tokensAfter", after);
        CompletableFuture<?> durable = store.append(key, List.of(compactEntry));
        ViewSnapshot view = store.view(key);
        ViewStats fresh = ViewStats.of(view.entries(), view.lastCompact(), snap.estimator());
        stats.put(key.format(), fresh);
        meta.setEstimatedTokens(fresh.tokens);
        CompactOutcome done = new CompactOutcome(true, outcome.turnsRemoved(), outcome.tokensBefore(), after, null,
                outcome.strategy());
        return durable.thenApply(x -> done);
    }

    LaneRunner lanes() {
        return lanes;
    }

    static ParleyException failed(String plugin, String reason) {
        return new ParleyException(ErrorCode.COMPACTION_FAILED, "compaction failed in " + plugin + ": " + reason,
                Map.of("plugin", plugin, "reason", reason));
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Request for a compactor, built from a snapshot. */
    CompactionRequest request(SessionKey key, Snapshot snap, List<Turn> turns, String strategy,
                              CompactionReason reason, String instructions) {
        CompactionConfig cfg = config(key.agentId());
        return new CompactionRequest(key.format(), turns, (int) Math.min(Integer.MAX_VALUE,
                snap.budget().availableForHistory()), settings(key.agentId(), instructions), reason, snap.previous(),
                plugins.summarizer(cfg.summarizer(), key.agentId()), snap.estimator());
    }

    /** Whether a result is a real change ({@link CompactionResult.Changed}). */
    static boolean changed(CompactionResult r) {
        return r instanceof CompactionResult.Changed;
    }
}
