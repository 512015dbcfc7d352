package dev.parley.core.lock;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A held session lock (SPEC §8.1). Closing it deletes the lock file and releases the OS lock;
 * closing twice is harmless. Not tied to a thread: a lease may be released by another thread.
 */
public final class SessionLock implements AutoCloseable {
    private final SessionLocks owner;
    private final LockTable.Slot slot;
    private final LockFileProtocol.Handle handle;
    private final AtomicBoolean closed = new AtomicBoolean();

    SessionLock(SessionLocks owner, LockTable.Slot slot, LockFileProtocol.Handle handle) {
        this.owner = Objects.requireNonNull(owner, "owner is null");
        this.slot = Objects.requireNonNull(slot, "slot is null");
        this.handle = Objects.requireNonNull(handle, "handle is null");
    }

    /** The fencing token of this acquisition. */
    public long token() {
        return handle.holder().token();
    }

    public String sessionKey() {
        return handle.holder().sessionKey();
    }

    /** What this lock's file records. */
    public LockHolder holder() {
        return handle.holder();
    }

    /** Whether {@link #close} has not run yet. */
    public boolean isHeld() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            owner.release(this);
        }
    }

    LockTable.Slot slot() {
        return slot;
    }

    LockFileProtocol.Handle handle() {
        return handle;
    }

    @Override
    public String toString() {
        return "SessionLock[" + sessionKey() + ", token " + token() + (isHeld() ? "" : ", released") + "]";
    }
}
