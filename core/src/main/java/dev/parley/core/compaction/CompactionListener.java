package dev.parley.core.compaction;

/** Observes compaction outcomes (events and metrics are wired to it by the app). Must not throw or block. */
public interface CompactionListener {
    CompactionListener NONE = new CompactionListener() { };

    default void compacted(String sessionKey, String strategy, CompactOutcome outcome) { }

    default void failed(String sessionKey, String plugin, String reason) { }

    default void overflow(String sessionKey) { }
}
