package dev.parley.core.session;

import dev.parley.core.compaction.CompactOutcome;
import dev.parley.core.compaction.CompactionListener;
import dev.parley.core.events.SessionEventListener;
import dev.parley.core.key.SessionKey;

/** Forwards compaction outcomes to the caller's listener and as session events (SPEC §12). */
final class EventingCompactionListener implements CompactionListener {
    private final CompactionListener delegate;
    private final SessionEventListener events;

    EventingCompactionListener(CompactionListener delegate, SessionEventListener events) {
        this.delegate = delegate;
        this.events = events;
    }

    private void emit(String type, String sessionKey) {
        try {
            events.event(type, sessionKey, SessionKey.parse(sessionKey, "main").agentId(), null);
        } catch (RuntimeException ignored) {
            // a listener must never break compaction
        }
    }

    @Override
    public void compacted(String sessionKey, String strategy, CompactOutcome outcome) {
        delegate.compacted(sessionKey, strategy, outcome);
        emit("session.compacted", sessionKey);
    }

    @Override
    public void failed(String sessionKey, String plugin, String reason) {
        delegate.failed(sessionKey, plugin, reason);
        emit("session.compaction_failed", sessionKey);
    }

    @Override
    public void overflow(String sessionKey) {
        delegate.overflow(sessionKey);
        emit("session.overflow", sessionKey);
    }
}
