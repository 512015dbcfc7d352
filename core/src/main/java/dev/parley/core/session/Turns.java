package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.context.Props;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.FencingTokens;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.lock.SessionLocks;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.turn.Claim;
import dev.parley.core.turn.Lease;
import dev.parley.core.turn.QueueMode;
import dev.parley.core.turn.TurnQueue;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Agent turns (SPEC §8.2) over the {@link TurnQueue}: {@code turns.next} (long poll), leases that hold the session's
 * lock file and carry its fencing token, {@code renew}, {@code complete}, {@code fail}, lease expiry (a timer, and
 * every fencing check), and the re-queue at start.
 *
 * <p>Handing out a lease: claim a ready turn → on the session's lane take the lock file ({@code tryAcquire}: a lock
 * held elsewhere — another process, a reset — puts the claim back after a short pause) and register the lease, so
 * fencing starts before anything else → run the compaction guard → assemble the context → answer. A failure after
 * the grant ends the lease again without re-queueing (a broken session must not spin).
 */
public final class Turns {
    private static final System.Logger LOG = System.getLogger(Turns.class.getName());
    /** Pause before a claim whose session lock is busy goes back to the queue. */
    private static final long BUSY_RETRY_MS = 200;

    private final SessionService service;
    private final FileSessionStore store;
    private final SessionLocks locks;
    private final FencingTokens tokens;
    private final TurnQueue queue;
    private final ScheduledExecutorService timer;
    /** Ending a lease closes (and deletes) its lock file: never on the caller's (event-loop) thread. */
    private final java.util.concurrent.Executor blocking;

    Turns(SessionService service, FileSessionStore store, SessionLocks locks, FencingTokens tokens,
          java.util.concurrent.Executor blocking) {
        this.service = service;
        this.blocking = blocking;
        this.store = store;
        this.locks = locks;
        this.tokens = tokens;
        Map<String, String> p = service.options().properties();
        QueueMode mode = QueueMode.parse(Props.oneOf(p, "parley.session.queue.mode", "sequential",
                Set.of("sequential", "concurrent")));
        Duration lease = Props.duration(p, "parley.session.queue.lease-duration", Duration.ofMinutes(5));
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("parley.session.queue.lease-duration must be positive, not " + lease);
        }
        this.queue = new TurnQueue(mode, lease, service.options().clock());
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "parley-turn-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        this.timer = t;
    }

    /** Starts the expiry timer and re-queues every session whose newest message is unanswered. */
    void start() {
        long every = Math.max(100, Math.min(1000, leaseMillis() / 10));
        timer.scheduleWithFixedDelay(this::expire, every, every, TimeUnit.MILLISECONDS);
        int requeued = 0;
        for (SessionMeta m : store.allMetas()) {
            long seq = m.awaitingReplySeq();
            if (seq >= 0 && m.status().equals("active")) {
                SessionKey key = SessionKey.parse(m.sessionKey, service.options().defaultAgent());
                queue(key, seq);
                requeued++;
            }
        }
        if (requeued > 0) {
            LOG.log(System.Logger.Level.INFO, "re-queued " + requeued + " unanswered session(s) at start");
        }
    }

    private long leaseMillis() {
        return Props.duration(service.options().properties(), "parley.session.queue.lease-duration",
                Duration.ofMinutes(5)).toMillis();
    }

    /** Queues a turn for the message {@code seq} (coalesced with a waiting one); emits {@code turn.queued}. */
    public void queue(SessionKey key, long seq) {
        if (queue.queue(key.format(), key.agentId(), seq)) {
            service.emit("turn.queued", key, seq);
        }
    }

    /** Sessions with a turn waiting for a lease. */
    public int depth() {
        return queue.depth();
    }

    /** Turns waiting for a lease on the session: 0 or 1. */
    public int depth(String sessionKey) {
        return queue.depth(sessionKey);
    }

    /** Running leases. */
    public int running() {
        return queue.running();
    }

    /** The fencing check of {@code sessions.append}; run on the session's lane. */
    void admit(SessionKey key, Long token) {
        queue.admit(key.format(), token);
    }

    /** {@code SESSION_LOCKED} at once while a turn holds the session (multi-step operations would only wait). */
    void requireUnleased(SessionKey key) {
        Optional<Map<String, Object>> holder = queue.leaseHolder(key.format());
        if (holder.isPresent()) {
            throw new ParleyException(dev.parley.core.error.ErrorCode.SESSION_LOCKED, "session " + key.format()
                    + " is leased to a running turn", Map.of("holder", holder.get()));
        }
    }

    /**
     * {@code turns.next}: a lease ({@code {turnId, sessionKey, agentId, token, leaseExpiresAt, workspace, settings,
     * messageSeqs, context}}) or null after {@code waitSeconds} without work.
     */
    public Uni<ObjectNode> next(String agentId, int waitSeconds) {
        if (waitSeconds < 0 || waitSeconds > 60) {
            throw ParleyException.invalidParams("waitSeconds", "waitSeconds must be between 0 and 60");
        }
        return Uni.createFrom().emitter(em -> {
            Poll poll = new Poll(em);
            em.onTermination(() -> {
                poll.gone = true;
                poll.cleanup.run();
            });
            attempt(agentId, System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds), poll);
        });
    }

    /** One long poll; {@code gone} once it ended — by our answer or because the caller went away. */
    private static final class Poll {
        final UniEmitter<? super ObjectNode> em;
        volatile boolean gone;
        volatile Runnable cleanup = () -> { };

        Poll(UniEmitter<? super ObjectNode> em) {
            this.em = em;
        }

        boolean isCancelled() {
            return gone;
        }

        void complete(ObjectNode value) {
            cleanup.run();
            em.complete(value);
        }

        void fail(Throwable t) {
            cleanup.run();
            em.fail(t);
        }
    }

    private void attempt(String agentId, long deadline, Poll em) {
        Optional<Claim> now = queue.claim(agentId);
        if (now.isPresent()) {
            lease(now.get(), agentId, deadline, em);
            return;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0 || em.isCancelled()) {
            em.complete(null);
            return;
        }
        dev.parley.core.turn.Waiter w = queue.await(agentId);
        var timeout = timer.schedule(() -> queue.cancel(w), remaining, TimeUnit.NANOSECONDS);
        em.cleanup = () -> {
            timeout.cancel(false);
            queue.cancel(w);
        };
        if (em.gone) {
            em.cleanup.run();
        }
        w.future().whenComplete((claim, e) -> {
            timeout.cancel(false);
            if (claim == null) {
                em.complete(null);
            } else {
                lease(claim, agentId, deadline, em);
            }
        });
    }

    private void lease(Claim c, String agentId, long deadline, Poll em) {
        SessionKey key = SessionKey.parse(c.sessionKey(), service.options().defaultAgent());
        service.onLane(key, () -> grant(key, c)).whenComplete((lease, e) -> {
            if (e != null) {
                queue.discard(c); // deleted or unreadable meanwhile: nothing to answer there
                LOG.log(System.Logger.Level.WARNING, "dropped the turn of " + c.sessionKey() + ": "
                        + unwrap(e).getMessage());
                attempt(agentId, deadline, em);
            } else if (lease == null) {
                timer.schedule(() -> queue.unclaim(c), BUSY_RETRY_MS, TimeUnit.MILLISECONDS);
                attempt(agentId, deadline, em); // another session may be ready meanwhile
            } else {
                describe(key, lease).whenComplete((json, err) -> {
                    if (err != null) {
                        endQuietly(lease, false);
                        em.fail(unwrap(err));
                    } else if (em.isCancelled()) {
                        endQuietly(lease, true); // the poller went away: the turn goes back
                    } else {
                        em.complete(json);
                    }
                });
            }
        });
    }

    /** Lane: takes the lock file (or shares the running leases' one) and registers the lease; null when busy. */
    private Lease grant(SessionKey key, Claim c) throws java.io.IOException {
        SessionMeta m = store.openMeta(key);
        if (m == null) {
            throw ParleyException.notFound(key.format());
        }
        String turnId = "turn_" + UUID.randomUUID();
        if (queue.holdsLock(key.format())) {
            return queue.grant(c, turnId, tokens.next(), null, Map.of());
        }
        Optional<SessionLock> lock = locks.tryAcquire(key.format(), FileStems.stem(key), turnId);
        if (lock.isEmpty()) {
            return null;
        }
        Map<String, Object> holder = lock.get().holder().errorData();
        return queue.grant(c, turnId, lock.get().token(), lock.get(), holder);
    }

    /** The guard, then the lease's JSON with the context the model should see. */
    private CompletableFuture<ObjectNode> describe(SessionKey key, Lease lease) {
        return service.engine().guard(key)
                .thenCompose(v -> service.engine().context(key))
                .thenCompose(ctx -> service.onLane(key, () -> {
                    service.engine().leased(key, ctx.estimatedTokens());
                    SessionMeta m = store.openMeta(key);
                    ObjectNode out = Json.object()
                            .put("turnId", lease.turnId())
                            .put("sessionKey", lease.sessionKey())
                            .put("agentId", lease.agentId())
                            .put("token", lease.token())
                            .put("leaseExpiresAt", lease.expiresAt())
                            .put("workspace", workspace(key.agentId()));
                    out.set("settings", service.resolvedSettings(key, m).settings().toJson());
                    lease.messageSeqs().forEach(out.putArray("messageSeqs")::add);
                    out.set("context", ctx.toJson());
                    return out;
                }));
    }

    private String workspace(String agentId) {
        String configured = service.options().properties().get("parley.agents." + agentId + ".workspace");
        return configured != null ? configured
                : service.options().stateDir().resolve("agents").resolve(agentId).resolve("workspace").toString();
    }

    /** {@code turns.renew}: {@code {turnId, leaseExpiresAt}}. */
    public Uni<ObjectNode> renew(String turnId, long token) {
        return Uni.createFrom().item(() -> {
            Lease l = queue.renew(requireTurnId(turnId), token);
            return Json.object().put("turnId", l.turnId()).put("leaseExpiresAt", l.expiresAt());
        }).runSubscriptionOn(blocking);
    }

    /**
     * {@code turns.complete}: ends the lease; reported usage feeds the session's budget and the estimator drift.
     * {@code {completed:true, nextTurnQueued}}.
     */
    public Uni<ObjectNode> complete(String turnId, long token, ReportedUsage usage) {
        return Uni.createFrom().item(() -> {
            TurnQueue.Ended ended = queue.end(requireTurnId(turnId), token, false);
            if (usage != null) {
                SessionKey key = SessionKey.parse(ended.lease().sessionKey(), service.options().defaultAgent());
                service.engine().report(key, usage.systemPromptTokens(), usage.toolSchemaTokens(),
                        usage.inputTokens());
            }
            return Json.object().put("completed", true).put("nextTurnQueued", ended.nextTurnQueued());
        }).runSubscriptionOn(blocking);
    }

    /** {@code turns.fail}: ends the lease; with {@code retry} its messages are queued again. */
    public Uni<ObjectNode> fail(String turnId, long token, String error, boolean retry) {
        return Uni.createFrom().item(() -> {
            TurnQueue.Ended ended = queue.end(requireTurnId(turnId), token, retry);
            LOG.log(System.Logger.Level.INFO, "turn " + turnId + " of " + ended.lease().sessionKey() + " failed"
                    + (retry ? " (re-queued)" : "") + ": " + error);
            return Json.object().put("failed", true).put("requeued", retry)
                    .put("nextTurnQueued", ended.nextTurnQueued());
        }).runSubscriptionOn(blocking);
    }

    /** Usage a runtime reports with {@code turns.complete} (each may be null). */
    public record ReportedUsage(Long inputTokens, Long outputTokens, Long systemPromptTokens, Long toolSchemaTokens) {}

    private static String requireTurnId(String turnId) {
        if (turnId == null || turnId.isBlank()) {
            throw ParleyException.invalidParams("turnId", "turnId is required");
        }
        return turnId;
    }

    /** Ends expired leases (re-queued once); the timer and tests call it. */
    public void expire() {
        try {
            for (Lease l : queue.expire()) {
                LOG.log(System.Logger.Level.WARNING, "lease of turn " + l.turnId() + " on " + l.sessionKey()
                        + " expired" + (l.requeued() ? "" : "; turn re-queued"));
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "lease expiry failed", e);
        }
    }

    private void endQuietly(Lease lease, boolean requeue) {
        try {
            queue.end(lease.turnId(), lease.token(), requeue);
        } catch (ParleyException ended) {
            // already ended (expired meanwhile)
        }
    }

    /**
     * The first step of a graceful shutdown (also part of {@code SessionService.close}): no more leases, waiting long
     * polls answer null at once, lease lock files released. Idempotent.
     */
    public void stop() {
        close();
    }

    /** Graceful shutdown: no more leases; long polls answer null; lock files released. */
    void close() {
        timer.shutdownNow();
        queue.close();
    }

    /** The cause a future failed with (a CompletionException unwrapped), as a RuntimeException. */
    private static RuntimeException unwrap(Throwable t) {
        Throwable c = t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
        return c instanceof RuntimeException re ? re : new IllegalStateException(c);
    }
}
