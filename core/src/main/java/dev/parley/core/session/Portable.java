package dev.parley.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.compaction.CompactionEngine;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import dev.parley.core.lock.SessionLock;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.portable.DocumentStream;
import dev.parley.core.portable.PortableDocument;
import dev.parley.core.portable.TranscriptFiles;
import dev.parley.core.portable.openclaw.OpenClawExport;
import dev.parley.core.portable.openclaw.OpenClawImport;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.transcript.EntryValidator;
import io.smallrye.mutiny.Uni;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code sessions.export} / {@code sessions.import} for {@link SessionService} (SPEC §11), in the {@code parley}
 * and {@code openclaw} formats. Reads of a whole transcript run on the session's lane; an import is validated
 * whole (every session of it) before anything is written, then checks every key for a conflict, then writes each
 * transcript atomically under the session's lock and registers it (an existing session is moved to trash first
 * when {@code overwrite}).
 */
final class Portable {
    private final SessionService service;
    private final FileSessionStore store;
    private final CompactionEngine engine;
    private final EntryValidator validator;

    Portable(SessionService service, FileSessionStore store, CompactionEngine engine,
             EntryValidator validator) {
        this.service = service;
        this.store = store;
        this.engine = engine;
        this.validator = validator;
    }

    Uni<ObjectNode> exportDocument(String sessionKey) {
        return read(sessionKey, (key, meta, lines) -> PortableDocument.build(key, meta, lines));
    }

    Uni<ObjectNode> exportOpenClaw(String sessionKey) {
        return read(sessionKey, (key, meta, lines) -> {
            ObjectNode files = Json.object();
            OpenClawExport.export(key, meta, lines).forEach(files::put);
            ObjectNode out = Json.object();
            out.set("files", files);
            return out;
        });
    }

    /** The parley document as a stream: metadata now, the transcript channel opened on the lane. */
    Uni<DocumentStream> openDocument(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parse(sessionKey);
            return service.get(sessionKey).subscribeAsCompletionStage().thenCompose(meta -> service.onLane(key, () -> {
                FileChannel ch = FileChannel.open(transcript(key), StandardOpenOption.READ);
                return new DocumentStream(key.format(), meta, ch, ch.size());
            }));
        });
    }

    Uni<ObjectNode> importDocument(JsonNode document, boolean overwrite) {
        return Uni.createFrom().completionStage(() -> {
            PortableDocument.Valid valid = PortableDocument.validate(document, validator,
                    service.options().defaultAgent());
            return write(List.of(valid), overwrite, Json.MAPPER.createArrayNode(), Json.MAPPER.createArrayNode());
        });
    }

    Uni<ObjectNode> importOpenClaw(JsonNode files, boolean overwrite) {
        return Uni.createFrom().completionStage(() -> {
            OpenClawImport.Result r = OpenClawImport.read(files, validator, service.options().defaultAgent());
            return write(r.sessions(), overwrite, r.mapped(), r.skipped());
        });
    }

    private interface Build {
        ObjectNode build(SessionKey key, ObjectNode meta, List<ObjectNode> lines);
    }

    private Uni<ObjectNode> read(String sessionKey, Build build) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parse(sessionKey);
            CompletableFuture<List<ObjectNode>> lines = service.onLane(key,
                    () -> TranscriptFiles.readAll(transcript(key)));
            return lines.thenCompose(ls -> service.get(sessionKey).subscribeAsCompletionStage()
                    .thenApply(meta -> build.build(key, meta, ls)));
        });
    }

    private Path transcript(SessionKey key) throws java.io.IOException {
        SessionMeta m = store.openMeta(key);
        if (m == null) {
            throw ParleyException.notFound(key.format());
        }
        return sessionsDir(key).resolve(m.file());
    }

    /** Conflicts first (nothing is written when one key is taken), then each session on its lane. */
    private CompletableFuture<ObjectNode> write(List<PortableDocument.Valid> sessions, boolean overwrite,
                                                ArrayNode mapped, ArrayNode skipped) {
        CompletableFuture<Void> checked = CompletableFuture.completedFuture(null);
        if (!overwrite) {
            for (PortableDocument.Valid v : sessions) {
                checked = checked.thenCompose(x -> service.onLane(v.key(), () -> {
                    requireAbsent(v.key());
                    return null;
                }));
            }
        }
        ObjectNode out = Json.object();
        ArrayNode imported = out.putArray("imported");
        CompletableFuture<Void> done = checked;
        for (PortableDocument.Valid v : sessions) {
            done = done.thenCompose(x -> service.onLane(v.key(), () -> writeOne(v, overwrite)))
                    .thenAccept(imported::add);
        }
        return done.thenApply(x -> {
            out.set("mapped", mapped);
            out.set("skipped", skipped);
            return out;
        });
    }

    private void requireAbsent(SessionKey key) throws java.io.IOException {
        if (store.openMeta(key) != null) {
            throw ParleyException.conflict("session " + key.format() + " exists; import with overwrite to replace it");
        }
    }

    private String writeOne(PortableDocument.Valid valid, boolean overwrite) throws java.io.IOException {
        SessionKey key = valid.key();
        try (SessionLock ignored = service.lock(key)) {
            if (store.openMeta(key) != null) {
                if (!overwrite) {
                    requireAbsent(key);
                }
                store.delete(key);
                engine.forget(key);
                service.emit("session.deleted", key, null);
            }
            TranscriptFiles.writeAtomically(sessionsDir(key), FileStems.stem(key) + ".jsonl", valid.entries());
            store.adoptImported(key);
        }
        service.emit("session.created", key, (long) valid.entries().size() - 1);
        return key.format();
    }

    private SessionKey parse(String raw) {
        if (raw == null) {
            throw ParleyException.invalidParams("sessionKey", "sessionKey is required");
        }
        return SessionKey.parse(raw, service.options().defaultAgent());
    }

    private Path sessionsDir(SessionKey key) {
        return service.options().stateDir().resolve("agents").resolve(key.agentId()).resolve("sessions");
    }
}
