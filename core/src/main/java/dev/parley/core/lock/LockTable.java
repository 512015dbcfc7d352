package dev.parley.core.lock;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JVM-wide table of session lock files this process is using (SPEC §8.1: one channel per lock
 * file). A thread must {@link #tryClaim claim} a lock file's path before it opens a channel on it,
 * and keeps the claim while it holds the lock; so no two channels on one file ever exist in this JVM
 * (closing either would drop the JVM's OS lock, and a second {@code tryLock} would throw
 * {@code OverlappingFileLockException}).
 *
 * <p>Shared by every {@link SessionLocks} instance, keyed by the lock file's real path, so even two
 * instances on one directory exclude each other. In-process contenders wait here for a release
 * ({@link #awaitRelease}) instead of polling the file. Only the release of a held lock signals: a
 * failed attempt unclaims silently, else waiting threads would wake each other in a loop while
 * another process holds the lock.
 */
final class LockTable {
    static final LockTable SHARED = new LockTable();

    /** One claimed path; {@code holder} is set once the lock is held, null while a thread probes the file. */
    static final class Slot {
        private final Path path;
        private LockHolder holder;

        private Slot(Path path) {
            this.path = path;
        }
    }

    /** {@code slot} is ours when non-null; otherwise the path is busy in this JVM ({@code holder} if known). */
    record Claim(Slot slot, LockHolder holder, long version) {
    }

    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition released = mutex.newCondition();
    private final Map<Path, Slot> slots = new HashMap<>();
    private long version;

    Claim tryClaim(Path path) {
        mutex.lock();
        try {
            Slot current = slots.get(path);
            if (current != null) {
                return new Claim(null, current.holder, version);
            }
            Slot slot = new Slot(path);
            slots.put(path, slot);
            return new Claim(slot, null, version);
        } finally {
            mutex.unlock();
        }
    }

    void hold(Slot slot, LockHolder holder) {
        mutex.lock();
        try {
            slot.holder = holder;
        } finally {
            mutex.unlock();
        }
    }

    /** Gives the path back; wakes waiters when a held lock was released. */
    void unclaim(Slot slot) {
        mutex.lock();
        try {
            if (slots.remove(slot.path, slot) && slot.holder != null) {
                version++;
                released.signalAll();
            }
        } finally {
            mutex.unlock();
        }
    }

    /** Waits up to {@code nanos} unless a lock was released since {@code seenVersion}. */
    void awaitRelease(long seenVersion, long nanos) throws InterruptedException {
        mutex.lock();
        try {
            long left = nanos;
            while (version == seenVersion && left > 0) {
                left = released.awaitNanos(left);
            }
        } finally {
            mutex.unlock();
        }
    }
}
