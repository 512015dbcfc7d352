package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionReason;
import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.CompactionEngine;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.settings.Overrides;
import dev.parley.core.settings.OverridesUpdate;
import dev.parley.core.settings.ResolvedSettings;
import dev.parley.core.settings.SettingsSource;
import dev.parley.core.store.FileSessionStore;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The per-session operations of {@link SessionService} past appending: reads (get, history, explain), settings
 * patches, compaction on demand, and the multi-step ones (reset, archive, restore, delete, repair) that hold the
 * session's lock file so another process (or a runtime's lease) never sees them half done. Keys are parsed and
 * input validated before anything touches the disk; the work runs on the session's lane.
 */
final class SessionOps {
    private final SessionService service;
    private final FileSessionStore store;
    private final CompactionEngine engine;

    SessionOps(SessionService service, FileSessionStore store, CompactionEngine engine) {
        this.service = service;
        this.store = store;
        this.engine = engine;
    }

    /** See {@link SessionService#get}. */
    Uni<ObjectNode> get(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                store.requireLive(key); // SESSION_NOT_FOUND before anything else
                ObjectNode usage = engine.usage(key, store.openMeta(key));
                ObjectNode meta = store.describe(key);
                ObjectNode out = Json.object();
                out.put("sessionKey", key.format());
                out.put("agentId", key.agentId());
                out.setAll(meta);
                SessionMeta m = store.openMeta(key);
                ResolvedSettings resolved = service.resolvedSettings(key, m);
                out.set("overrides", m.overrides());
                out.set("settings", resolved.settings().toJson());
                out.set("settingSources", resolved.sourcesJson());
                out.set("usage", usage);
                return out;
            });
        });
    }

    /** See {@link SessionService#history}. */
    Uni<HistoryPage> history(String sessionKey, Integer last, Long beforeSeq, boolean includeArchived) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            int n = last == null ? 50 : last;
            if (n < 1 || n > 1000) {
                throw ParleyException.invalidParams("last", "last must be between 1 and 1000");
            }
            if (beforeSeq != null && beforeSeq < 0) {
                throw ParleyException.invalidParams("beforeSeq", "beforeSeq must be a non-negative integer");
            }
            return service.onLane(key, () -> store.history(key, n, beforeSeq, includeArchived));
        });
    }

    /** See {@link SessionService#patch}. */
    Uni<ObjectNode> patch(String sessionKey, ObjectNode updates) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            if (updates == null) {
                throw ParleyException.invalidParams("updates", "updates must be an object");
            }
            return service.onLane(key, () -> {
                store.requireLive(key);
                SessionMeta m = store.openMeta(key);
                OverridesUpdate u = Overrides.fromJson(m.overrides()).apply(updates);
                return u.isEmpty() ? CompletableFuture.<AppendResult>completedFuture(null)
                        : store.append(key, List.of(u.settingsEntry(SettingsSource.RPC)));
            }).thenCompose(f -> f).thenCompose(x -> get(sessionKey).subscribeAsCompletionStage());
        });
    }

    /** See {@link SessionService#reset}. */
    Uni<ObjectNode> reset(String sessionKey, String note) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                store.requireLive(key);
                long before;
                try (SessionLock ignored = service.lock(key)) {
                    before = service.lifecycle().reset(key, "manual", note);
                }
                return Json.object().put("sessionKey", key.format()).put("reset", true).put("messagesBefore", before);
            });
        });
    }

    /** See {@link SessionService#explain}. */
    Uni<ObjectNode> explain(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                store.requireLive(key);
                SessionMeta m = store.openMeta(key);
                ObjectNode out = service.lifecycle().explain(key, m);
                ObjectNode usage = engine.usage(key, m);
                out.put("wouldCompact", usage.path("estimatedTokens").asLong()
                        > usage.path("availableForHistory").asLong());
                return out;
            });
        });
    }

    /** See {@link SessionService#compact}. */
    Uni<CompactOutcome> compact(String sessionKey, String instructions, String strategy) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                store.requireLive(key);
                return true;
            }).thenCompose(x -> engine.compact(key, CompactionReason.MANUAL, instructions, strategy));
        });
    }

    /** See {@link SessionService#archive}. */
    Uni<ObjectNode> archive(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                try (SessionLock ignored = service.lock(key)) {
                    store.requireLive(key);
                    service.lifecycle().archive(key, "archived");
                }
                return Json.object().put("sessionKey", key.format()).put("status", "archived");
            });
        });
    }

    /** See {@link SessionService#restore}. */
    Uni<ObjectNode> restore(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                try (SessionLock ignored = service.lock(key)) {
                    store.restore(key);
                }
                service.emit("session.restored", key, null);
                return Json.object().put("sessionKey", key.format()).put("status", "active");
            });
        });
    }

    /** See {@link SessionService#delete}. */
    Uni<Void> delete(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                try (SessionLock ignored = service.lock(key)) {
                    store.delete(key);
                    engine.forget(key);
                    service.emit("session.deleted", key, null);
                }
                return (Void) null;
            });
        });
    }

    /** See {@link SessionService#repair}. */
    Uni<RepairResult> repair(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            return service.onLane(key, () -> {
                try (SessionLock ignored = service.lock(key)) {
                    engine.forget(key);
                    return store.repair(key);
                }
            });
        });
    }
}
