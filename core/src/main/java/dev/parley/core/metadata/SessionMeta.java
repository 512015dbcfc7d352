package dev.parley.core.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One session's metadata entry (SPEC §3.2). Mutable; every read and write holds this object's monitor so the
 * periodic flush always sees a consistent snapshot (counters and {@code flushedLength} describe the same prefix
 * of the transcript). Timestamps are epoch ms in memory, ISO-8601 in the file. Fields this version does not know
 * are kept verbatim in {@code extra}.
 */
public final class SessionMeta {
    private static final Set<String> KNOWN = Set.of("file", "status", "createdAt", "lastActiveAt",
            "lastInteractionAt", "lastResetAt", "messageCount", "sessionAge", "compactionCount", "resetCount",
            "estimatedTokens", "contextStart", "contextStartSeq", "lastCompactOffset", "flushedLength", "lastSeq",
            "previous");

    public final String sessionKey;
    String file;
    String status = "active";
    long createdAt;
    long lastActiveAt;
    long lastInteractionAt;
    long lastResetAt = -1;
    long messageCount;
    long compactionCount;
    long resetCount;
    long estimatedTokens;
    long contextStart;
    long contextStartSeq = 1;
    long historyStartedAt;
    long lastCompactOffset = -1;
    long flushedLength;
    long lastSeq = -1;
    ArrayNode previous;
    ObjectNode extra = Json.object();

    public SessionMeta(String sessionKey, String file) {
        this.sessionKey = sessionKey;
        this.file = file;
    }

    // ---- accessors (all synchronized: the lane writes, the flusher and readers read) ----
    public synchronized String file() { return file; }
    public synchronized String status() { return status; }
    public synchronized long lastSeq() { return lastSeq; }
    public synchronized long flushedLength() { return flushedLength; }
    public synchronized long contextStart() { return contextStart; }
    public synchronized long contextStartSeq() { return contextStartSeq; }
    public synchronized long lastCompactOffset() { return lastCompactOffset; }
    public synchronized long lastActiveAt() { return lastActiveAt; }
    public synchronized long lastInteractionAt() { return lastInteractionAt; }
    public synchronized long messageCount() { return messageCount; }
    public synchronized long compactionCount() { return compactionCount; }
    /** Epoch ms when the active history began (the last reset, else creation). */
    public synchronized long historyStartedAt() { return historyStartedAt; }
    /** Epoch ms of the last reset, or -1. */
    public synchronized long lastResetAt() { return lastResetAt; }
    public synchronized long createdAt() { return createdAt; }
    /** The reason of the last reset, or null. */
    public synchronized String lastResetReason() {
        JsonNode r = extra.get("lastResetReason");
        return r == null || r.isNull() ? null : r.asText();
    }
    /** Token estimate of the model's view; -1 when unknown (recomputed by the context engine). */
    public synchronized long estimatedTokens() { return estimatedTokens; }
    public synchronized void setEstimatedTokens(long tokens) { this.estimatedTokens = tokens; }
    public synchronized void addEstimatedTokens(long tokens) {
        if (estimatedTokens >= 0) {
            estimatedTokens += tokens;
        }
    }
    /** The {@code lastCompaction} summary object, or null. */
    public synchronized com.fasterxml.jackson.databind.JsonNode lastCompaction() {
        JsonNode n = extra.get("lastCompaction");
        return n == null ? null : n.deepCopy();
    }
    /** The session's model override, or null (the resolved model also looks at agent and global defaults). */
    public synchronized String model() {
        JsonNode m = extra.path("overrides").get("model");
        return m == null || m.isNull() ? null : m.asText();
    }

    /** A copy of the session's setting overrides (from its {@code settings} entries); never null. */
    /** The seq of the newest user message no assistant message has answered yet, or -1. */
    public synchronized long awaitingReplySeq() {
        return extra.path(EntryAccounting.AWAITING).asLong(-1);
    }

    public synchronized ObjectNode overrides() {
        JsonNode o = extra.get("overrides");
        return o instanceof ObjectNode on ? on.deepCopy() : Json.object();
    }

    public synchronized void setStatus(String status, String file) {
        this.status = status;
        this.file = file;
    }

    /** Forgets everything derived from the transcript (before a full rescan); keeps settings and history links. */
    public synchronized void clearDerived() {
        createdAt = 0;
        lastActiveAt = 0;
        lastInteractionAt = 0;
        lastResetAt = -1;
        messageCount = 0;
        compactionCount = 0;
        resetCount = 0;
        estimatedTokens = -1;
        contextStart = 0;
        contextStartSeq = 1;
        historyStartedAt = 0;
        lastCompactOffset = -1;
        flushedLength = 0;
        lastSeq = -1;
        extra.remove("overrides"); // replayed from the transcript's settings entries
        extra.remove("lastCompaction");
        extra.remove("lastResetReason");
        extra.remove(EntryAccounting.AWAITING);
    }

    /**
     * Moves a superseded entry (deleted/expired) into this live entry's {@code previous} list. The list stays flat,
     * oldest first: the superseded entry's own {@code previous} entries go before it (as a rebuild lists them).
     */
    public synchronized void addPrevious(ObjectNode superseded) {
        if (previous == null) {
            previous = Json.MAPPER.createArrayNode();
        }
        ObjectNode entry = superseded.deepCopy();
        if (entry.remove("previous") instanceof ArrayNode earlier) {
            previous.addAll(earlier);
        }
        previous.add(entry);
    }

    /** The files of every superseded entry kept under {@code previous} (nested ones included). */
    public synchronized List<String> previousFiles() {
        List<String> out = new ArrayList<>();
        collectFiles(previous, out);
        return out;
    }

    private static void collectFiles(JsonNode entries, List<String> out) {
        if (entries == null) {
            return;
        }
        for (JsonNode e : entries) {
            if (e.path("file").isTextual()) {
                out.add(e.get("file").asText());
            }
            collectFiles(e.get("previous"), out);
        }
    }

    /** Applies one transcript entry that was just written (or found by a scan) at {@code offset}. */
    public synchronized void apply(ObjectNode entry, long offset, long endOffset) {
        new EntryAccounting(this).apply(entry, offset);
        this.lastSeq = entry.path("seq").asLong(lastSeq);
        this.flushedLength = endOffset;
    }

    /** The JSON of this entry as stored in {@code session-metadata.json}; {@code now} fills {@code sessionAge}. */
    public synchronized ObjectNode toJson(long now) {
        ObjectNode o = Json.object();
        o.put("file", file);
        o.put("status", status);
        o.put("createdAt", iso(createdAt));
        o.put("lastActiveAt", iso(lastActiveAt));
        o.put("lastInteractionAt", iso(lastInteractionAt));
        if (lastResetAt < 0) {
            o.putNull("lastResetAt");
        } else {
            o.put("lastResetAt", iso(lastResetAt));
        }
        o.setAll(extra);
        o.put("messageCount", messageCount);
        o.put("sessionAge", Math.max(0, now - historyStartedAt));
        o.put("compactionCount", compactionCount);
        o.put("resetCount", resetCount);
        o.put("estimatedTokens", estimatedTokens);
        o.put("contextStart", contextStart);
        o.put("contextStartSeq", contextStartSeq);
        o.put("lastCompactOffset", lastCompactOffset);
        o.put("flushedLength", flushedLength);
        o.put("lastSeq", lastSeq);
        if (previous != null) {
            o.set("previous", previous.deepCopy());
        }
        return o;
    }

    /** Reads an entry; throws IllegalArgumentException when a required field is missing or malformed. */
    public static SessionMeta fromJson(String sessionKey, ObjectNode o) {
        SessionMeta m = new SessionMeta(sessionKey, requireText(o, "file"));
        m.status = o.path("status").asText("active");
        m.createdAt = millis(o.get("createdAt"));
        m.lastActiveAt = millis(o.get("lastActiveAt"));
        m.lastInteractionAt = millis(o.get("lastInteractionAt"));
        JsonNode reset = o.get("lastResetAt");
        m.lastResetAt = reset == null || reset.isNull() ? -1 : millis(reset);
        m.messageCount = o.path("messageCount").asLong();
        m.compactionCount = o.path("compactionCount").asLong();
        m.resetCount = o.path("resetCount").asLong();
        m.estimatedTokens = o.path("estimatedTokens").asLong(-1);
        m.contextStart = o.path("contextStart").asLong();
        m.contextStartSeq = o.path("contextStartSeq").asLong(1);
        m.lastCompactOffset = o.path("lastCompactOffset").asLong(-1);
        m.flushedLength = requireLong(o, "flushedLength");
        m.lastSeq = requireLong(o, "lastSeq");
        m.historyStartedAt = m.lastResetAt >= 0 ? m.lastResetAt : m.createdAt;
        if (o.get("previous") instanceof ArrayNode prev) {
            m.previous = prev.deepCopy();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!KNOWN.contains(f.getKey())) {
                m.extra.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        return m;
    }

    private static String requireText(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException("metadata field '" + field + "' missing or not a string");
        }
        return n.asText();
    }

    private static long requireLong(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToLong()) {
            throw new IllegalArgumentException("metadata field '" + field + "' missing or not an integer");
        }
        return n.asLong();
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    static long millis(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.canConvertToLong()) {
            return n.asLong();
        }
        return Instant.parse(n.asText()).toEpochMilli();
    }
}
