package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * The reactive facade of core (SPEC §1): every operation returns a {@link Uni}; blocking file work runs on a
 * bounded worker pool, one ordered lane per session key. Errors are {@link dev.parley.core.error.ParleyException}s.
 *
 * <p>STUB: signatures fixed, implementation in progress.
 */
public final class SessionService implements AutoCloseable {

    private SessionService() {}

    /** Opens the state dir: takes the state-dir lock (fails naming the holder), loads or rebuilds metadata. */
    public static SessionService open(SessionOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code sessions.resolve}: read-only; nothing is created. */
    public Uni<Resolution> resolve(ResolveRequest request) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code sessions.append}: entries are raw JSON objects as sent by the client (no {@code seq}); the batch is
     * validated whole, written and forced once. {@code token} may be null.
     */
    public Uni<AppendResult> append(String sessionKey, List<ObjectNode> entries, Long token) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code sessions.history}: {@code last} null → 50 (≤ 1000); {@code beforeSeq} exclusive, may be null. */
    public Uni<HistoryPage> history(String sessionKey, Integer last, Long beforeSeq, boolean includeArchived) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Uni<ListPage> list(ListQuery query) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code sessions.get}: {@code {sessionKey, …metadata entry, overrides, settings}}. */
    public Uni<ObjectNode> get(String sessionKey) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** {@code sessions.delete}: moves the transcript to {@code trash/}. */
    public Uni<Void> delete(String sessionKey) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Uni<RepairResult> repair(String sessionKey) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public Uni<SystemStatus> status(boolean verbose) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public HealthReport health() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Graceful close: finish in-flight appends, flush metadata, release locks and the state-dir lock. */
    @Override
    public void close() {}
}
