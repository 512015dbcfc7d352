package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.compaction.CompactionEngine;
import dev.parley.core.events.AppendListener;
import dev.parley.core.key.SessionKey;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.transcript.EntryValidator;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Appends for {@link SessionService}: {@code sessions.append} and Parley's own deliveries, the lane write shared
 * with {@link Inbound}, and what follows an acknowledged append (the event, the append listeners, the compaction
 * guard). Input is validated whole before anything touches the disk.
 */
final class Appends {
    private static final System.Logger LOG = System.getLogger(SessionService.class.getName()); // as before the split

    private final SessionService service;
    private final FileSessionStore store;
    private final CompactionEngine engine;
    private final EntryValidator validator;
    private final List<AppendListener> listeners = new CopyOnWriteArrayList<>();

    Appends(SessionService service, FileSessionStore store, CompactionEngine engine, EntryValidator validator) {
        this.service = service;
        this.store = store;
        this.engine = engine;
        this.validator = validator;
    }

    /** See {@link SessionService#append}. */
    Uni<AppendResult> append(String sessionKey, List<ObjectNode> entries, Long token) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            List<ObjectNode> valid = validator.validate(entries);
            return service.onLane(key, () -> {
                service.turns().admit(key, token);
                return write(key, valid);
            }).thenCompose(f -> f).whenComplete((r, e) -> {
                if (e == null) {
                    acknowledged(key, valid, r);
                }
            });
        });
    }

    /** See {@link SessionService#deliver}. */
    Uni<AppendResult> deliver(String sessionKey, List<ObjectNode> entries, boolean queueTurn) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = service.parseKey(sessionKey);
            List<ObjectNode> valid = validator.validate(entries);
            return service.onLane(key, () -> write(key, valid)).thenCompose(f -> f).whenComplete((r, e) -> {
                if (e == null) {
                    acknowledged(key, valid, r);
                    if (queueTurn && !r.duplicate()) {
                        service.turns().queue(key, r.lastSeq());
                    }
                }
            });
        });
    }

    /** Lane: writes validated entries (forced per the fsync mode) and accounts them; the future acknowledges. */
    CompletableFuture<AppendResult> write(SessionKey key, List<ObjectNode> valid) throws IOException {
        boolean existed = store.openMeta(key) != null;
        CompletableFuture<AppendResult> durable = store.append(key, valid);
        engine.account(key, store.openMeta(key), valid);
        if (!existed) {
            service.emit("session.created", key, 0L);
        }
        return durable;
    }

    /** After an acknowledged append: event, append listeners, the compaction guard (duplicates: nothing). */
    void acknowledged(SessionKey key, List<ObjectNode> valid, AppendResult r) {
        if (r.duplicate()) {
            return;
        }
        service.emit("message.appended", key, r.lastSeq());
        long first = r.lastSeq() - valid.size() + 1;
        for (AppendListener l : listeners) {
            try {
                l.appended(key.format(), first, valid);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "append listener failed: " + ex);
            }
        }
        engine.guard(key);
    }

    /** See {@link SessionService#onAppend}. */
    Runnable onAppend(AppendListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
