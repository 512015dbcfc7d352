package dev.parley.core.turn;

import dev.parley.core.key.SessionKey;

/** The turn queue of SPEC §8.2 (skeleton: being filled in). */
public final class TurnQueue {
    /** Queues a turn for {@code key} whose newest message is {@code seq} (coalesced with a queued or running one). */
    public void queue(SessionKey key, long seq) {
    }

    /** Sessions with a turn waiting for a lease. */
    public int depth() {
        return 0;
    }

    /** Turns waiting for a lease on this session (0 or 1: queued messages coalesce into one turn). */
    public int depth(String sessionKey) {
        return 0;
    }
}
