package dev.parley.compaction.spi;

import java.util.concurrent.CompletionStage;

/**
 * A compaction strategy. Implementations must be thread-safe (one instance per agent serves all its sessions;
 * the engine runs at most one compaction per session at a time). They must keep every {@code tool_use} with its
 * result, never touch the last {@code keepRecentTurns} turns, never return more tokens than they got, and never
 * drop the system prompt. The engine enforces a timeout and treats an exceptional stage as a failed compaction.
 */
@FunctionalInterface
public interface Compactor {
    /** @return a non-null stage; fail it (preferably with {@link CompactionException}) when compaction fails */
    CompletionStage<CompactionResult> compact(CompactionRequest request);
}
