package dev.parley.core.lock;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * File-based session locks with fencing tokens (SPEC §8.1): {@code <locksDir>/<fileStem>.lock}.
 *
 * <p>Design notes.
 * <ul>
 *   <li>Mutual exclusion across processes is the OS lock on the lock file ({@link LockFileProtocol}
 *       has the file protocol, its races and the staleness rules). Within this JVM, a thread first
 *       claims the path in the JVM-wide {@link LockTable}, so there is one channel per lock file and
 *       in-process contenders wait on the table (woken by releases) instead of on the file.</li>
 *   <li>Acquire loop: claim → try the file → on success keep the claim; otherwise unclaim and wait
 *       (table wait when the holder is in this JVM, sleep otherwise) with jittered exponential backoff
 *       from 1 ms capped at 64 ms, until {@code timeout}; then {@code SESSION_LOCKED} with
 *       {@code data.holder}. Elapsed time is measured with {@code System.nanoTime}; the injected
 *       clock only stamps {@code acquiredAt} and judges other hosts' staleness.</li>
 *   <li>Release order: delete the file and drop the OS lock first, give the claim back last, so no
 *       thread of this JVM opens the path while our channel is still open.</li>
 *   <li>Tokens are drawn after the OS lock is verified, so successive holders of one key see
 *       increasing tokens.</li>
 *   <li>{@link #close} releases every lock this instance holds; an acquire racing with close
 *       releases what it got and fails.</li>
 * </ul>
 */
public final class SessionLocks implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SessionLocks.class.getName());
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(64);

    private final Path locksDir;
    private final Duration timeout;
    private final LockFileProtocol protocol;
    private final LockTable table = LockTable.SHARED;
    private final Set<SessionLock> held = ConcurrentHashMap.newKeySet();
    private final LongAdder waits = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder staleTakeovers = new LongAdder();
    private volatile boolean closed;

    /** One outcome of a single try: {@code lock}, or the holder seen (if known) and where it lives. */
    private record Attempt(SessionLock lock, LockHolder holder, boolean inProcess, long version) {
    }

    public SessionLocks(Path locksDir, FencingTokens tokens, Duration timeout, Duration staleAfter,
            InstantSource clock) {
        this(locksDir, tokens, timeout, staleAfter, clock, LockFileProtocol.Opener.DEFAULT);
    }

    SessionLocks(Path locksDir, FencingTokens tokens, Duration timeout, Duration staleAfter, InstantSource clock,
            LockFileProtocol.Opener opener) {
        Objects.requireNonNull(locksDir, "locksDir is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        if (timeout.isNegative() || staleAfter.isNegative() || staleAfter.isZero()) {
            throw new IllegalArgumentException("timeout must be >= 0 and staleAfter > 0: " + timeout + ", " + staleAfter);
        }
        this.protocol = new LockFileProtocol(tokens, staleAfter, clock, opener);
        try {
            Files.createDirectories(locksDir);
            this.locksDir = locksDir.toRealPath();
        } catch (IOException e) {
            throw ParleyException.storage("cannot create the locks dir " + locksDir + ": " + e, e);
        }
    }

    /**
     * Blocking (run it on a worker pool): waits with backoff until the timeout, then throws
     * {@code SESSION_LOCKED} with {@code data.holder {pid, hostname, acquiredAt, turnId?}}.
     */
    public SessionLock acquire(String sessionKey, String fileStem, String turnId) {
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        Path path = pathOf(fileStem);
        if (Thread.currentThread().isInterrupted()) {
            // its first channel operation would fail with ClosedByInterruptException: report why instead
            throw locked(sessionKey, null, "interrupted before waiting");
        }
        long start = System.nanoTime();
        long backoff = MIN_BACKOFF_NANOS;
        LockHolder lastSeen = null;
        while (true) {
            Attempt attempt = attempt(sessionKey, path, turnId);
            if (attempt.lock() != null) {
                return attempt.lock();
            }
            lastSeen = attempt.holder() != null ? attempt.holder() : lastSeen;
            long remaining = timeout.toNanos() - (System.nanoTime() - start);
            if (remaining <= 0) {
                timeouts.increment();
                throw locked(sessionKey, lastSeen, "waited " + timeout.toMillis() + " ms");
            }
            if (backoff == MIN_BACKOFF_NANOS) {
                waits.increment();
            }
            long pause = Math.min(remaining, ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
            pause(attempt, pause, sessionKey, lastSeen);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    /** One try, no waiting: the lock, or empty when someone holds it. */
    public Optional<SessionLock> tryAcquire(String sessionKey, String fileStem, String turnId) {
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        return Optional.ofNullable(attempt(sessionKey, pathOf(fileStem), turnId).lock());
    }

    /** Who holds {@code fileStem}'s lock now (this process or another), if anyone. */
    public Optional<LockHolder> holder(String fileStem) {
        Path path = pathOf(fileStem);
        long deadline = System.nanoTime() + Math.max(timeout.toNanos(), MAX_BACKOFF_NANOS);
        while (true) {
            LockTable.Claim claim = table.tryClaim(path);
            if (claim.slot() == null && claim.holder() != null) {
                return Optional.of(claim.holder());
            }
            if (claim.slot() != null) {
                try {
                    return protocol.probe(path);
                } catch (IOException e) {
                    throw ParleyException.storage("cannot read the session lock " + path + ": " + e, e);
                } finally {
                    table.unclaim(claim.slot());
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return Optional.empty(); // a thread of ours keeps probing the file: nobody holds it yet
            }
            LockSupport.parkNanos(MIN_BACKOFF_NANOS / 4);
        }
    }

    /** At startup: removes lock files whose holder is gone; keeps live ones. Returns how many were removed. */
    public int cleanStale() {
        requireOpen();
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(locksDir, "*.lock")) {
            for (Path file : files) {
                removed += cleanOne(file) ? 1 : 0;
            }
        } catch (IOException e) {
            throw ParleyException.storage("cannot list the locks dir " + locksDir + ": " + e, e);
        }
        if (removed > 0) {
            LOG.log(Level.INFO, "removed " + removed + " stale session lock file(s) from " + locksDir);
        }
        return removed;
    }

    /** Acquisitions that had to wait at least once. */
    public long waits() {
        return waits.sum();
    }

    /** Acquisitions that gave up with {@code SESSION_LOCKED}. */
    public long timeouts() {
        return timeouts.sum();
    }

    /** Acquisitions that took over a dead (or stale foreign) holder's file. */
    public long staleTakeovers() {
        return staleTakeovers.sum();
    }

    /** Releases every lock this instance holds; later acquisitions fail. */
    @Override
    public void close() {
        closed = true;
        for (SessionLock lock : List.copyOf(held)) {
            lock.close();
        }
    }

    void release(SessionLock lock) {
        try {
            protocol.release(lock.handle());
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "releasing session lock " + lock.handle().path() + " failed: " + e);
        } finally {
            held.remove(lock);
            table.unclaim(lock.slot());
        }
    }

    private Attempt attempt(String sessionKey, Path path, String turnId) {
        requireOpen();
        LockTable.Claim claim = table.tryClaim(path);
        if (claim.slot() == null) {
            return new Attempt(null, claim.holder(), true, claim.version());
        }
        LockFileProtocol.Outcome outcome;
        try {
            outcome = protocol.take(path, sessionKey, turnId);
        } catch (IOException | RuntimeException e) {
            table.unclaim(claim.slot());
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw ParleyException.storage("cannot take the session lock " + path + ": " + e, e);
        }
        if (outcome.handle() == null) {
            table.unclaim(claim.slot());
            return new Attempt(null, outcome.busyHolder(), false, claim.version());
        }
        return new Attempt(register(claim.slot(), outcome), null, false, claim.version());
    }

    private SessionLock register(LockTable.Slot slot, LockFileProtocol.Outcome outcome) {
        SessionLock lock = new SessionLock(this, slot, outcome.handle());
        table.hold(slot, outcome.handle().holder());
        held.add(lock);
        if (outcome.staleTakeover()) {
            staleTakeovers.increment();
        }
        if (closed) {
            lock.close();
            throw new IllegalStateException("session locks are closed");
        }
        return lock;
    }

    private boolean cleanOne(Path file) {
        LockTable.Claim claim = table.tryClaim(file);
        if (claim.slot() == null) {
            return false; // held or being taken by this process: live
        }
        try {
            return protocol.removeIfStale(file);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot check session lock " + file + " for staleness: " + e);
            return false;
        } finally {
            table.unclaim(claim.slot());
        }
    }

    private void pause(Attempt attempt, long nanos, String sessionKey, LockHolder lastSeen) {
        try {
            if (attempt.inProcess()) {
                table.awaitRelease(attempt.version(), nanos);
            } else {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw locked(sessionKey, lastSeen, "interrupted while waiting");
        }
    }

    private static ParleyException locked(String sessionKey, LockHolder holder, String why) {
        String by = holder == null ? "another holder"
                : "pid " + holder.pid() + " on " + holder.hostname() + " since " + Instant.ofEpochMilli(holder.acquiredAt())
                        + (holder.turnId() == null ? "" : " (turn " + holder.turnId() + ")");
        Map<String, Object> data = Map.of("holder", holder == null ? Map.of() : holder.errorData());
        return new ParleyException(ErrorCode.SESSION_LOCKED,
                "session " + sessionKey + " is locked by " + by + " (" + why + ")", data);
    }

    private Path pathOf(String fileStem) {
        Objects.requireNonNull(fileStem, "fileStem is null");
        if (fileStem.isEmpty() || fileStem.equals(".") || fileStem.equals("..") || fileStem.length() > 240
                || fileStem.indexOf('/') >= 0 || fileStem.indexOf('\\') >= 0 || fileStem.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file-name-safe stem: '" + fileStem + "'");
        }
        return locksDir.resolve(fileStem + ".lock");
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("session locks are closed");
        }
    }
}
