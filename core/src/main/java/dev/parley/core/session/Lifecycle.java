package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.reset.Due;
import dev.parley.core.reset.LifecycleRules;
import dev.parley.core.reset.ResetEvaluator;
import dev.parley.core.reset.ResetPolicies;
import dev.parley.core.reset.ResetPolicy;
import dev.parley.core.reset.SessionFacts;
import dev.parley.core.settings.Overrides;
import dev.parley.core.settings.OverridesUpdate;
import dev.parley.core.settings.SettingsSource;
import dev.parley.core.store.FileSessionStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Resets and the session lifecycle (SPEC §7): lazy and scheduled resets by policy, manual resets, explain,
 * archive / restore / expiry and the trash purge. Every per-session step runs on that session's lane; the sweep
 * runs one at a time and is idempotent per session and period (a reset starts a new active history, so the same
 * period is never due twice).
 */
final class Lifecycle {
    private static final System.Logger LOG = System.getLogger(Lifecycle.class.getName());

    private final SessionService service;
    private final FileSessionStore store;
    private final ResetPolicies policies;
    private final ResetEvaluator evaluator;
    private final LifecycleRules rules;
    private final AtomicBoolean sweeping = new AtomicBoolean();

    Lifecycle(SessionService service, FileSessionStore store, SessionOptions options) {
        this.service = service;
        this.store = store;
        this.policies = ResetPolicies.from(options.properties());
        this.evaluator = new ResetEvaluator(options.clock());
        this.rules = LifecycleRules.from(options.properties());
    }

    ResetPolicies.Resolved policy(SessionKey key) {
        return policies.policyFor(key.agentId(), key.channel(), key.type());
    }

    static SessionFacts facts(SessionMeta m) {
        return new SessionFacts(Math.max(0, m.historyStartedAt()), Math.max(0, m.lastInteractionAt()),
                m.messageCount() > 0, m.lastResetReason(), Math.max(-1, m.lastResetAt()));
    }

    /** Lane: whether the policy says the session is due (lazily: any time). */
    Optional<Due> dueLazily(SessionKey key, SessionMeta m) {
        return evaluator.due(policy(key).policy(), facts(m), false);
    }

    /**
     * Lane: appends {@code reset{reason, notice?}} (and a {@code settings} entry clearing the overrides when the
     * policy does not preserve them). Returns messagesBefore. The caller holds the session lock for manual resets.
     */
    long reset(SessionKey key, String reason, String note) throws IOException {
        SessionMeta m = store.openMeta(key);
        long before = m.messageCount();
        ResetPolicy p = policy(key).policy();
        ObjectNode entry = Json.object().put("type", "reset").put("reason", reason);
        if (p.notifyUser()) {
            entry.put("notice", note != null && !note.isBlank() ? note : "Session reset (" + reason + ")");
        }
        List<ObjectNode> batch = new ArrayList<>(List.of(entry));
        if (!p.preserveSettings()) {
            OverridesUpdate clear = Overrides.fromJson(m.overrides()).clearAll();
            if (!clear.isEmpty()) {
                batch.add(clear.settingsEntry(SettingsSource.RESET));
            }
        }
        store.append(key, batch);
        service.engine().account(key, m, batch);
        service.emit("session.reset", key, m.lastSeq());
        try {
            service.events().resetReason(reason);
        } catch (RuntimeException ignored) {
            // listeners never break a reset
        }
        return before;
    }

    /** Lane: moves the session to {@code archive/} (status archived or expired). */
    void archive(SessionKey key, String status) throws IOException {
        store.archive(key, status);
        service.engine().forget(key);
        service.emit(status.equals("expired") ? "session.archived" : "session.archived", key, null);
    }

    /** The scheduled sweep: resets due sessions, archives idle ones, expires old ones, purges the trash. */
    SweepReport sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return new SweepReport(0, 0, 0, 0, true);
        }
        try {
            int[] counts = new int[3];
            List<CompletableFuture<?>> work = new ArrayList<>();
            for (SessionMeta m : store.allMetas()) {
                if (!m.status().equals("active")) {
                    continue;
                }
                SessionKey key = SessionKey.parse(m.sessionKey, service.options().defaultAgent());
                work.add(service.onLane(key, () -> sweepOne(key, counts)));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            int purged = 0;
            try {
                purged = store.purgeTrash(rules.trashRetention().toMillis());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "trash purge failed: " + e.getMessage());
            }
            return new SweepReport(counts[0], counts[1], counts[2], purged, false);
        } finally {
            sweeping.set(false);
        }
    }

    /**
     * Lane: one session's sweep step; a session whose lock is held (a lease) is skipped until the next sweep. The
     * decision reads the catalogue only; a transcript is opened just for a session that is due, and closed again
     * when the sweep opened it, so a sweep over many sessions never holds many files.
     */
    private Void sweepOne(SessionKey key, int[] counts) throws IOException {
        SessionMeta m = store.meta(key);
        if (m == null || !m.status().equals("active")
                || service.locks().holder(dev.parley.core.key.FileStems.stem(key)).isPresent()) {
            return null;
        }
        Instant now = Instant.ofEpochMilli(service.options().clock().millis());
        long quietSince = Math.max(m.lastInteractionAt(), m.historyStartedAt());
        boolean expire = m.messageCount() > 0 && rules.expiryDue(now, quietSince);
        boolean archive = !expire && rules.archiveDue(now, quietSince);
        Optional<Due> due = expire || archive ? Optional.empty() : evaluator.due(policy(key).policy(), facts(m), true);
        if (!expire && !archive && due.isEmpty()) {
            return null;
        }
        boolean wasOpen = store.isOpen(key);
        if (store.openMeta(key) == null) {
            return null;
        }
        int slot;
        if (expire) {
            reset(key, "expired", null);
            archive(key, "expired");
            slot = 2;
        } else if (archive) {
            archive(key, "archived");
            slot = 1;
        } else {
            reset(key, due.get().reason(), null);
            slot = 0;
            if (!wasOpen) {
                store.closeSessionOnLane(key.format());
            }
        }
        synchronized (counts) {
            counts[slot]++;
        }
        return null;
    }

    /** {@code sessions.explain}: the policy in force, where each field came from, the next reset and why. */
    ObjectNode explain(SessionKey key, SessionMeta m) {
        ResetPolicies.Resolved r = policy(key);
        ObjectNode out = evaluator.explain(key.type(), r, facts(m)).toJson();
        return out;
    }

    /** What a sweep did. {@code skipped}: another sweep was running. */
    record SweepReport(int reset, int archived, int expired, int purged, boolean skipped) {
        ObjectNode toJson() {
            return Json.object().put("reset", reset).put("archived", archived).put("expired", expired)
                    .put("purged", purged).put("skipped", skipped);
        }
    }
}
