package dev.parley.core.turn;

import java.util.concurrent.CompletableFuture;

/**
 * A long poll for work ({@link TurnQueue#await}): completes with a claim of its agent's next ready turn (any agent
 * when its agent id is null), or with null when it is cancelled, times out or the queue closes.
 */
public final class Waiter {
    final String agentId;
    final CompletableFuture<Claim> future = new CompletableFuture<>();

    Waiter(String agentId) {
        this.agentId = agentId;
    }

    public CompletableFuture<Claim> future() {
        return future;
    }
}
