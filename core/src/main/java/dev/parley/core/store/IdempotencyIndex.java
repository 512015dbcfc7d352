package dev.parley.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The idempotency keys of a session's last {@value #WINDOW} entries (SPEC §3.1), with a content fingerprint so
 * a repeat with other content is a conflict. Lane-confined. Built lazily from the transcript's tail.
 */
final class IdempotencyIndex {
    static final int WINDOW = 10_000;

    record Seen(long seq, long fingerprint) {}

    private final LinkedHashMap<String, Seen> byKey = new LinkedHashMap<>();

    Seen lookup(String key, long lastSeq) {
        Seen s = byKey.get(key);
        if (s != null && s.seq() <= lastSeq - WINDOW) {
            byKey.remove(key);
            return null;
        }
        return s;
    }

    /** Records an entry just written (or found in the tail); entries must arrive in seq order. */
    void record(ObjectNode entry) {
        JsonNode k = entry.get("idempotencyKey");
        long seq = entry.path("seq").asLong();
        if (k != null && k.isTextual()) {
            byKey.remove(k.asText());
            byKey.put(k.asText(), new Seen(seq, fingerprint(entry)));
        }
        for (Iterator<Map.Entry<String, Seen>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().seq() > seq - WINDOW) {
                break;
            }
            it.remove();
        }
    }

    /** A fingerprint of what the client sent: the entry without the fields Parley assigns (seq, timestamp). */
    static long fingerprint(ObjectNode entry) {
        ObjectNode copy = entry.deepCopy();
        copy.remove("seq");
        copy.remove("timestamp");
        copy.remove("messagesBefore");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(Json.toString(copy).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
