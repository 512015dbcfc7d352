package dev.parley.core.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.transcript.FsyncMode;
import dev.parley.core.transcript.ReverseLineReader;
import dev.parley.core.transcript.TranscriptWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Writes one validated batch to an open session (SPEC §3.1 appends), on the session's lane.
 *
 * <p>Design notes. Order of a batch: refuse when corrupt or the writer failed recently → drop entries whose
 * idempotency key was already written with the same content (other content: {@code CONFLICT}) → assign dense
 * seqs and default timestamps, fill engine fields ({@code reset.messagesBefore}), check {@code compact.firstKeptSeq}
 * → one write of all lines → apply them to the metadata → hand back a durability future. Nothing is written
 * unless the whole batch passed every check. A failed write or force fails this and later appends with
 * {@code STORAGE_FAILED}; after {@code reopen-after} the next append reopens the file (repairing a torn tail).
 */
final class Appender {

    private final StoreContext ctx;

    Appender(StoreContext ctx) {
        this.ctx = ctx;
    }

    /** Creates a new session's file once its first batch has passed every check. */
    @FunctionalInterface
    interface Materializer {
        void create(OpenSession s) throws IOException;
    }

    CompletableFuture<dev.parley.core.session.AppendResult> append(OpenSession s, List<ObjectNode> entries, Materializer materializer)
            throws IOException {
        if (s.corruptOffset >= 0) {
            throw s.corrupt();
        }
        if (s.pendingHeader == null) {
            ensureWriter(s);
        }
        List<ObjectNode> fresh = dropDuplicates(s, entries);
        if (fresh.isEmpty()) {
            long original = s.idempotency.lookup(entries.get(entries.size() - 1).get("idempotencyKey").asText(),
                    s.meta.lastSeq()).seq();
            return CompletableFuture.completedFuture(new dev.parley.core.session.AppendResult(original, true));
        }
        long t0 = System.nanoTime();
        List<ObjectNode> lines = new ArrayList<>(fresh.size() + 1);
        if (s.pendingHeader != null) {
            lines.add(s.pendingHeader);
        }
        prepare(s, fresh, lines);
        if (s.pendingHeader != null) {
            try {
                materializer.create(s);
            } catch (IOException e) {
                throw FileSessionStore.storageFailed("creating the transcript of " + s.keyString + " failed", e);
            }
            ensureWriter(s);
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<long[]> spans = new ArrayList<>(lines.size());
        for (ObjectNode line : lines) {
            byte[] b = Json.line(line);
            spans.add(new long[] {buf.size(), buf.size() + b.length});
            buf.writeBytes(b);
        }
        long start;
        try {
            start = s.writer.append(buf.toByteArray());
        } catch (IOException e) {
            s.writerFailedAt = ctx.now();
            throw FileSessionStore.storageFailed("append to " + s.keyString + " failed", e);
        }
        s.pendingHeader = null;
        for (int i = 0; i < lines.size(); i++) {
            s.meta.apply(lines.get(i), start + spans.get(i)[0], start + spans.get(i)[1]);
            if (s.idempotency != null) {
                s.idempotency.record(lines.get(i));
            }
        }
        long lastSeq = s.meta.lastSeq();
        long end = start + buf.size();
        ctx.stats().appends.increment();
        CompletableFuture<Void> durable = ctx.options().fsync() == FsyncMode.ALWAYS
                ? s.writer.durable(end) : CompletableFuture.completedFuture(null);
        return durable.handle((v, err) -> {
            ctx.stats().appendNanos.add(System.nanoTime() - t0);
            if (err != null) {
                s.writerFailedAt = ctx.now();
                throw FileSessionStore.storageFailed("forcing " + s.keyString + " failed",
                        err instanceof IOException io ? io : new IOException(err));
            }
            return new dev.parley.core.session.AppendResult(lastSeq, false);
        });
    }

    private void ensureWriter(OpenSession s) throws IOException {
        if (s.writer != null && !s.writer.failed()) {
            return;
        }
        if (s.writer != null) {
            if (ctx.now() - s.writerFailedAt < ctx.options().reopenAfter().toMillis()) {
                throw FileSessionStore.storageFailed("transcript of " + s.keyString + " failed to write earlier; "
                        + "retrying after parley.storage.reopen-after", new IOException("writer failed"));
            }
            s.close();
            s.open(ctx);
            if (s.corruptOffset >= 0) {
                throw s.corrupt();
            }
        }
        s.writer = new TranscriptWriter(s.channel, s.channel.size(), ctx.pool(), ctx::recordForce);
    }

    private List<ObjectNode> dropDuplicates(OpenSession s, List<ObjectNode> entries) throws IOException {
        boolean any = entries.stream().anyMatch(e -> e.has("idempotencyKey"));
        if (!any) {
            return entries;
        }
        if (s.idempotency == null) {
            s.idempotency = buildIndex(s);
        }
        List<ObjectNode> fresh = new ArrayList<>(entries.size());
        for (ObjectNode e : entries) {
            if (!e.has("idempotencyKey")) {
                fresh.add(e);
                continue;
            }
            IdempotencyIndex.Seen seen = s.idempotency.lookup(e.get("idempotencyKey").asText(), s.meta.lastSeq());
            if (seen == null) {
                fresh.add(e);
            } else if (seen.fingerprint() != IdempotencyIndex.fingerprint(e)) {
                throw ParleyException.conflict("idempotencyKey '" + e.get("idempotencyKey").asText()
                        + "' was already used for other content (seq " + seen.seq() + ")");
            }
        }
        return fresh;
    }

    /** Reads the last {@value IdempotencyIndex#WINDOW} entries backwards (bounded, never the whole file). */
    private IdempotencyIndex buildIndex(OpenSession s) throws IOException {
        IdempotencyIndex idx = new IdempotencyIndex();
        if (s.pendingHeader != null) {
            return idx;
        }
        ReverseLineReader r = new ReverseLineReader(s.channel, s.meta.flushedLength(), 0);
        List<ObjectNode> tail = new ArrayList<>();
        for (int i = 0; i < IdempotencyIndex.WINDOW; i++) {
            ReverseLineReader.Line l = r.previous();
            if (l == null) {
                break;
            }
            ObjectNode e = dev.parley.core.transcript.LineScanner.readLineBytes(l.bytes());
            if (e == null) {
                s.markCorrupt(l.offset());
                throw s.corrupt();
            }
            tail.add(e);
        }
        for (int i = tail.size() - 1; i >= 0; i--) {
            idx.record(tail.get(i));
        }
        return idx;
    }

    /** Assigns seqs and timestamps and fills engine fields; checks compaction offsets. */
    private void prepare(OpenSession s, List<ObjectNode> fresh, List<ObjectNode> lines) {
        long seq = s.pendingHeader != null ? 1 : s.meta.lastSeq() + 1;
        long contextStartSeq = s.pendingHeader != null ? 1 : s.meta.contextStartSeq();
        long messages = s.meta.messageCount();
        long now = ctx.now();
        for (int i = 0; i < fresh.size(); i++) {
            ObjectNode src = fresh.get(i);
            ObjectNode e = Json.object();
            e.put("seq", seq);
            e.setAll(src);
            e.put("seq", seq);
            if (!src.has("timestamp")) {
                e.put("timestamp", now);
            }
            switch (src.get("type").asText()) {
                case "reset" -> {
                    e.put("messagesBefore", messages);
                    messages = 0;
                    contextStartSeq = seq;
                }
                case "compact" -> {
                    long keep = src.get("firstKeptSeq").asLong();
                    if (keep < contextStartSeq || keep >= seq) {
                        throw ParleyException.invalidParams("entries[" + i + "].firstKeptSeq", "firstKeptSeq " + keep
                                + " must lie in the active history (" + contextStartSeq + ".." + (seq - 1) + ")");
                    }
                }
                case "message" -> {
                    String role = src.path("message").path("role").asText();
                    if (role.equals("user") || role.equals("assistant")) {
                        messages++;
                    }
                }
                default -> { }
            }
            lines.add(e);
            seq++;
        }
    }
}
