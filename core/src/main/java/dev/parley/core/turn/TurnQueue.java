package dev.parley.core.turn;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory turn queue of SPEC §8.2: which sessions have a turn waiting, which turns run under which lease,
 * and who is long-polling for work.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Per session a {@code Slot}: {@code pending} (seqs of messages no turn has taken yet), the running
 *       {@code leases}, {@code claiming} (claims taken off the ready queue whose lease is being prepared) and the
 *       session lock file held while any lease runs. A session is <em>ready</em> when it has pending messages and,
 *       in sequential mode, no lease and no claim — so messages arriving during a turn coalesce into the next one.
 *   <li>States of a turn: queued (pending) → claimed → leased → ended (complete / fail / expired). A claim goes back
 *       to pending when its lease cannot be prepared ({@link #unclaim}); an expired lease goes back once
 *       ({@code requeued}); {@code fail} with retry goes back always.
 *   <li>All state sits behind this object's monitor. Long-poll futures are completed <em>after</em> the monitor is
 *       released (their continuations call back in). The lock file of the last lease is closed under the monitor, so
 *       by the time the session is ready again its lock is free.
 *   <li>Fencing (SPEC §8.2): while a lease runs only its token may append; a tokenless append is
 *       {@code SESSION_LOCKED} at once; a token no running lease holds is {@code CONFLICT}. Callers run
 *       {@link #admit} on the session's lane, in order with the appends it guards.
 *   <li>Slots with nothing pending, claimed or leased are dropped, so memory follows the busy sessions only.
 * </ul>
 */
public final class TurnQueue {
    private static final System.Logger LOG = System.getLogger(TurnQueue.class.getName());

    private final QueueMode mode;
    private final long leaseMillis;
    private final InstantSource clock;
    private final Map<String, Slot> slots = new HashMap<>();
    private final LinkedHashSet<String> ready = new LinkedHashSet<>();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private final Map<String, Lease> byTurn = new HashMap<>();
    private boolean closed;
    /** No lease expires before this (extensions only move expiries later): {@link #expire} scans only after it. */
    private long earliestExpiry = Long.MAX_VALUE;

    public TurnQueue(QueueMode mode, Duration leaseDuration, InstantSource clock) {
        this.mode = mode;
        this.leaseMillis = leaseDuration.toMillis();
        this.clock = clock;
    }

    private static final class Slot {
        final String agentId;
        final TreeSet<Long> pending = new TreeSet<>();
        boolean requeued;
        int claiming;
        final Map<String, Lease> leases = new LinkedHashMap<>();
        AutoCloseable lock;
        Map<String, Object> holder = Map.of();

        Slot(String agentId) {
            this.agentId = agentId;
        }
    }

    private record Handoff(Waiter waiter, Claim claim) {}

    /** Queues a turn for the message {@code seq}; true when a new turn was created, false when it coalesced. */
    public boolean queue(String sessionKey, String agentId, long seq) {
        boolean fresh;
        List<Handoff> handoffs;
        synchronized (this) {
            Slot s = slots.computeIfAbsent(sessionKey, k -> new Slot(agentId));
            fresh = s.pending.isEmpty();
            s.pending.add(seq);
            s.requeued = false; // new content: a fresh turn, whatever happened before
            markReady(sessionKey, s);
            handoffs = match();
        }
        complete(handoffs);
        return fresh;
    }

    /** Takes the oldest ready turn of {@code agentId} (any agent when null), if any. */
    public synchronized Optional<Claim> claim(String agentId) {
        if (closed) {
            return Optional.empty();
        }
        for (String key : ready) {
            Slot s = slots.get(key);
            if (agentId == null || agentId.equals(s.agentId)) {
                return Optional.of(take(key, s));
            }
        }
        return Optional.empty();
    }

    /** Registers a long poll; it is matched with the next ready turn of its agent. */
    public Waiter await(String agentId) {
        Waiter w = new Waiter(agentId);
        List<Handoff> handoffs;
        synchronized (this) {
            if (closed) {
                w.future.complete(null);
                return w;
            }
            waiters.add(w);
            handoffs = match();
        }
        complete(handoffs);
        return w;
    }

    /** Ends a long poll without work; false when it already got a claim (the caller must use or unclaim it). */
    public boolean cancel(Waiter w) {
        synchronized (this) {
            waiters.remove(w);
        }
        return w.future.complete(null) || w.future.isCancelled();
    }

    /** Puts a claim whose lease could not be prepared back in front of the queue. */
    public void unclaim(Claim c) {
        List<Handoff> handoffs;
        synchronized (this) {
            Slot s = slots.computeIfAbsent(c.sessionKey(), k -> new Slot(c.agentId()));
            s.claiming = Math.max(0, s.claiming - 1);
            s.pending.addAll(c.messageSeqs());
            s.requeued |= c.requeued();
            markReady(c.sessionKey(), s);
            handoffs = match();
        }
        complete(handoffs);
    }

    /** Drops a claim whose session is gone (deleted, unreadable): its messages are not queued again. */
    public synchronized void discard(Claim c) {
        Slot s = slots.get(c.sessionKey());
        if (s != null) {
            s.claiming = Math.max(0, s.claiming - 1);
            markReady(c.sessionKey(), s);
            dropIfIdle(c.sessionKey(), s);
        }
    }

    /** The lock file already held for the session's running leases (concurrent mode shares it), if any. */
    public synchronized boolean holdsLock(String sessionKey) {
        Slot s = slots.get(sessionKey);
        return s != null && s.lock != null;
    }

    /**
     * Turns a claim into a running lease. {@code lock} is the session's lock file when this lease took it (null when
     * it shares the one already held); {@code holder} is the {@code data.holder} of {@code SESSION_LOCKED} answers.
     */
    public synchronized Lease grant(Claim c, String turnId, long token, AutoCloseable lock, Map<String, Object> holder) {
        Slot s = slots.computeIfAbsent(c.sessionKey(), k -> new Slot(c.agentId()));
        s.claiming = Math.max(0, s.claiming - 1);
        long now = clock.millis();
        Lease lease = new Lease(turnId, c.sessionKey(), c.agentId(), token, now, now + leaseMillis, c.messageSeqs(),
                c.requeued());
        s.leases.put(turnId, lease);
        byTurn.put(turnId, lease);
        earliestExpiry = Math.min(earliestExpiry, lease.expiresAt());
        if (lock != null) {
            s.lock = lock;
            s.holder = Map.copyOf(holder);
        }
        return lease;
    }

    /**
     * The fencing check of an append (on the session's lane): tokenless while a lease runs → {@code SESSION_LOCKED};
     * a token no running lease holds → {@code CONFLICT}; a running lease's token extends it.
     */
    public void admit(String sessionKey, Long token) {
        expire();
        synchronized (this) {
            Slot s = slots.get(sessionKey);
            boolean leased = s != null && !s.leases.isEmpty();
            if (token == null) {
                if (leased) {
                    throw new ParleyException(ErrorCode.SESSION_LOCKED, "session " + sessionKey
                            + " is leased to a running turn; append with its token", Map.of("holder", s.holder));
                }
                return;
            }
            Lease lease = leased ? s.leases.values().stream().filter(l -> l.token() == token).findFirst().orElse(null)
                    : null;
            if (lease == null) {
                throw ParleyException.conflict("token " + token + " holds no running lease on " + sessionKey
                        + " (the turn ended, expired, or a newer lease took over)");
            }
            extend(s, lease);
        }
    }

    /** {@code turns.renew}: the lease, extended by a lease duration from now. */
    public Lease renew(String turnId, long token) {
        expire();
        synchronized (this) {
            Lease lease = running(turnId, token);
            return extend(slots.get(lease.sessionKey()), lease);
        }
    }

    /** The outcome of {@link #end}: the ended lease and whether another turn of the session is queued. */
    public record Ended(Lease lease, boolean nextTurnQueued) {}

    /** {@code turns.complete} / {@code turns.fail}: ends a running lease; {@code requeue} puts its messages back. */
    public Ended end(String turnId, long token, boolean requeue) {
        expire();
        Ended ended;
        List<Handoff> handoffs;
        synchronized (this) {
            Lease lease = running(turnId, token);
            Slot s = release(lease);
            if (requeue) {
                s.pending.addAll(lease.messageSeqs());
            }
            ended = new Ended(lease, !s.pending.isEmpty());
            markReady(lease.sessionKey(), s);
            dropIfIdle(lease.sessionKey(), s);
            handoffs = match();
        }
        complete(handoffs);
        return ended;
    }

    /** Ends every lease past its expiry: released, and its turn re-queued once. Returns the expired leases. */
    public List<Lease> expire() {
        long now = clock.millis();
        List<Lease> expired = new ArrayList<>();
        List<Handoff> handoffs;
        synchronized (this) {
            if (now < earliestExpiry) {
                return expired; // the common case on every fencing check: nothing can have expired yet
            }
            long earliest = Long.MAX_VALUE;
            for (Lease l : List.copyOf(byTurn.values())) {
                if (l.expiresAt() > now) {
                    earliest = Math.min(earliest, l.expiresAt());
                } else {
                    expired.add(l);
                    Slot s = release(l);
                    if (!l.requeued()) {
                        s.pending.addAll(l.messageSeqs());
                        s.requeued = true;
                    } else {
                        LOG.log(System.Logger.Level.WARNING, "turn " + l.turnId() + " of " + l.sessionKey()
                                + " expired twice; not re-queued again (messages " + l.messageSeqs() + ")");
                    }
                    markReady(l.sessionKey(), s);
                    dropIfIdle(l.sessionKey(), s);
                }
            }
            earliestExpiry = earliest;
            handoffs = expired.isEmpty() ? List.of() : match();
        }
        complete(handoffs);
        return expired;
    }

    /** The {@code data.holder} of the session's running lease, if one runs. */
    public synchronized Optional<Map<String, Object>> leaseHolder(String sessionKey) {
        Slot s = slots.get(sessionKey);
        return s == null || s.leases.isEmpty() ? Optional.empty() : Optional.of(s.holder);
    }

    /** Sessions with a turn waiting for a lease. */
    public synchronized int depth() {
        int n = 0;
        for (Slot s : slots.values()) {
            n += s.pending.isEmpty() ? 0 : 1;
        }
        return n;
    }

    /** Turns waiting for a lease on this session: 0 or 1 (queued messages coalesce into one turn). */
    public synchronized int depth(String sessionKey) {
        Slot s = slots.get(sessionKey);
        return s == null || s.pending.isEmpty() ? 0 : 1;
    }

    /** Running leases (all sessions). */
    public synchronized int running() {
        return byTurn.size();
    }

    /** Stops handing out work: pending long polls end with null, every lease's lock file is released. */
    public void close() {
        List<Waiter> ending;
        synchronized (this) {
            closed = true;
            ending = List.copyOf(waiters);
            waiters.clear();
            for (Lease l : List.copyOf(byTurn.values())) {
                release(l);
            }
        }
        ending.forEach(w -> w.future.complete(null));
    }

    // ---- internals; all called under the monitor ----

    private Lease running(String turnId, long token) {
        Lease lease = byTurn.get(turnId);
        if (lease == null || lease.token() != token) {
            throw ParleyException.conflict("turn " + turnId + " is not running with token " + token
                    + " (it ended, expired, or never existed)");
        }
        return lease;
    }

    private Lease extend(Slot s, Lease lease) {
        Lease longer = lease.extendedTo(clock.millis() + leaseMillis);
        s.leases.put(lease.turnId(), longer);
        byTurn.put(lease.turnId(), longer);
        return longer;
    }

    private Slot release(Lease lease) {
        byTurn.remove(lease.turnId());
        Slot s = slots.get(lease.sessionKey());
        s.leases.remove(lease.turnId());
        if (s.leases.isEmpty() && s.lock != null) {
            try {
                s.lock.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "releasing the lock of " + lease.sessionKey() + ": " + e);
            }
            s.lock = null;
            s.holder = Map.of();
        }
        return s;
    }

    private void markReady(String key, Slot s) {
        boolean eligible = !s.pending.isEmpty()
                && (mode == QueueMode.CONCURRENT || (s.leases.isEmpty() && s.claiming == 0));
        if (eligible && !closed) {
            ready.add(key);
        }
    }

    private void dropIfIdle(String key, Slot s) {
        if (s.pending.isEmpty() && s.leases.isEmpty() && s.claiming == 0) {
            slots.remove(key);
            ready.remove(key);
        }
    }

    private Claim take(String key, Slot s) {
        Claim c = new Claim(key, s.agentId, new ArrayList<>(s.pending), s.requeued);
        s.pending.clear();
        s.requeued = false;
        s.claiming++;
        ready.remove(key);
        return c;
    }

    private List<Handoff> match() {
        if (waiters.isEmpty() || ready.isEmpty()) {
            return List.of();
        }
        List<Handoff> out = new ArrayList<>();
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext() && !ready.isEmpty(); ) {
            Waiter w = it.next();
            if (w.future.isDone()) {
                it.remove();
                continue;
            }
            Optional<Claim> c = claim(w.agentId);
            if (c.isPresent()) {
                it.remove();
                out.add(new Handoff(w, c.get()));
            }
        }
        return out;
    }

    private void complete(List<Handoff> handoffs) {
        for (Handoff h : handoffs) {
            if (!h.waiter().future.complete(h.claim())) {
                unclaim(h.claim()); // the poll ended meanwhile: the turn goes back
            }
        }
    }
}
