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
import dev.parley.core.portable.DocumentReader;
import dev.parley.core.portable.DocumentStream;
import dev.parley.core.portable.PortableDocument;
import dev.parley.core.portable.SpooledTranscript;
import dev.parley.core.portable.TranscriptFiles;
import dev.parley.core.portable.openclaw.OpenClawExport;
import dev.parley.core.portable.openclaw.OpenClawImport;
import dev.parley.core.portable.openclaw.OpenClawStream;
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
 *
 * <p>The bounded-memory forms for REST ({@link #importDocumentFile}, {@link #openOpenClaw}) are public, reached
 * through {@link #of}: a document is read from a spooled file by {@link DocumentReader} into a temp transcript,
 * never held whole; an OpenClaw export is written as the transcript is read.
 */
public final class Portable {
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

    /** The import/export operations of {@code service}. */
    public static Portable of(SessionService service) {
        return new Portable(service, service.store(), service.engine(),
                new EntryValidator(service.options().maxMessageBytes()));
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
            return write(List.of(Pending.of(valid)), overwrite, Json.MAPPER.createArrayNode(), Json.MAPPER.createArrayNode());
        });
    }

    /**
     * {@code sessions.import} of a {@code parley} document read from {@code file} in bounded memory: the document
     * itself when {@code field} is null, else the member {@code field} of the JSON object in the file (the RPC
     * params, {@code "document"}). Same answers and errors as {@link #importDocument}; a failure writes nothing.
     */
    public Uni<ObjectNode> importDocumentFile(Path file, String field, boolean overwrite) {
        return Uni.createFrom().completionStage(() -> {
            DocumentReader reader = new DocumentReader(validator, service.options().defaultAgent(), this::sessionsDir,
                    service.options().stateDir().resolve("tmp"));
            SpooledTranscript spool;
            try {
                spool = reader.read(file, field);
            } catch (java.io.IOException e) {
                throw ParleyException.storage("cannot read the import", e);
            }
            Pending p = new Pending(spool.key(), spool.entries(), spool::adopt);
            return write(List.of(p), overwrite, Json.MAPPER.createArrayNode(), Json.MAPPER.createArrayNode())
                    .whenComplete((r, t) -> closeQuietly(spool));
        });
    }

    /** The {@code openclaw} export as a stream: metadata now, the transcript channel opened on the lane. */
    public Uni<OpenClawStream> openOpenClaw(String sessionKey) {
        return Uni.createFrom().completionStage(() -> {
            SessionKey key = parse(sessionKey);
            return service.get(sessionKey).subscribeAsCompletionStage().thenCompose(meta -> service.onLane(key, () -> {
                FileChannel ch = FileChannel.open(transcript(key), StandardOpenOption.READ);
                return new OpenClawStream(key, meta, ch, ch.size());
            }));
        });
    }

    private static void closeQuietly(SpooledTranscript spool) {
        try {
            spool.close();
        } catch (java.io.IOException e) {
            System.getLogger(Portable.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot delete an import's temp file: " + e);
        }
    }

    Uni<ObjectNode> importOpenClaw(JsonNode files, boolean overwrite) {
        return Uni.createFrom().completionStage(() -> {
            OpenClawImport.Result r = OpenClawImport.read(files, validator, service.options().defaultAgent());
            return write(r.sessions().stream().map(Pending::of).toList(), overwrite, r.mapped(), r.skipped());
        });
    }

    /** Writes a transcript as {@code dir/fileName} atomically; {@code CONFLICT} when it exists. */
    private interface Adopt {
        void to(Path dir, String fileName) throws java.io.IOException;
    }

    /** A validated session waiting to be written: held in memory, or spooled to a temp file. */
    private record Pending(SessionKey key, long entries, Adopt adopt) {
        static Pending of(PortableDocument.Valid v) {
            return new Pending(v.key(), v.entries().size(),
                    (dir, name) -> TranscriptFiles.writeAtomically(dir, name, v.entries()));
        }
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
    private CompletableFuture<ObjectNode> write(List<Pending> sessions, boolean overwrite,
                                                ArrayNode mapped, ArrayNode skipped) {
        CompletableFuture<Void> checked = CompletableFuture.completedFuture(null);
        if (!overwrite) {
            for (Pending v : sessions) {
                checked = checked.thenCompose(x -> service.onLane(v.key(), () -> {
                    requireAbsent(v.key());
                    return null;
                }));
            }
        }
        ObjectNode out = Json.object();
        ArrayNode imported = out.putArray("imported");
        CompletableFuture<Void> done = checked;
        for (Pending v : sessions) {
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

    private String writeOne(Pending valid, boolean overwrite) throws java.io.IOException {
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
            valid.adopt().to(sessionsDir(key), FileStems.stem(key) + ".jsonl");
            store.adoptImported(key);
        }
        service.emit("session.created", key, valid.entries() - 1);
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
