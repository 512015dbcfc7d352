package dev.parley.core.portable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.transcript.EntryValidator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code parley} export document: {@code {format:"parley", version:1, sessionKey, metadata, entries}} where
 * {@code entries} are every transcript line, header first, in seq order.
 *
 * <p>Validation for import is strict and whole: any problem is {@code INVALID_PARAMS} with {@code data.field}
 * naming the path under {@code document}, before anything is written. Entries after the header are checked by
 * the rules of {@code sessions.append}, except that their {@code seq}, {@code timestamp} and Parley's own
 * {@code notice} flag are kept; {@code session} is allowed only as the header and {@code repaired} only after it.
 */
public final class PortableDocument {
    public static final String FORMAT = "parley";
    public static final int VERSION = 1;

    private PortableDocument() {
    }

    /** A validated document: its canonical key and its entries (copies), header first. */
    public record Valid(SessionKey key, List<ObjectNode> entries) {
        public Valid {
            entries = List.copyOf(entries);
        }
    }

    /** Builds the export document from the {@code sessions.get} object and the transcript's lines. */
    public static ObjectNode build(SessionKey key, ObjectNode metadata, List<ObjectNode> entries) {
        ObjectNode doc = Json.object();
        doc.put("format", FORMAT);
        doc.put("version", VERSION);
        doc.put("sessionKey", key.format());
        doc.set("metadata", metadata);
        ArrayNode arr = doc.putArray("entries");
        entries.forEach(arr::add);
        return doc;
    }

    /** Validates a document for import; throws {@code INVALID_PARAMS} naming the first problem. */
    public static Valid validate(JsonNode document, EntryValidator validator, String defaultAgent) {
        if (!(document instanceof ObjectNode doc)) {
            throw ParleyException.invalidParams("document", "document must be an object");
        }
        if (!FORMAT.equals(doc.path("format").asText(null))) {
            throw ParleyException.invalidParams("document.format", "document.format must be \"parley\"");
        }
        if (!doc.path("version").isIntegralNumber() || doc.get("version").asLong() != VERSION) {
            throw ParleyException.invalidParams("document.version", "document.version must be " + VERSION);
        }
        SessionKey key = key(doc.get("sessionKey"), defaultAgent);
        if (!(doc.get("entries") instanceof ArrayNode entries) || entries.isEmpty()) {
            throw ParleyException.invalidParams("document.entries", "document.entries must be a non-empty array");
        }
        List<ObjectNode> out = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            out.add(entry(entries.get(i), i, key, validator, defaultAgent));
        }
        return new Valid(key, out);
    }

    private static SessionKey key(JsonNode raw, String defaultAgent) {
        if (raw == null || !raw.isTextual()) {
            throw ParleyException.invalidParams("document.sessionKey", "document.sessionKey must be a string");
        }
        try {
            return SessionKey.parse(raw.asText(), defaultAgent);
        } catch (ParleyException e) {
            throw ParleyException.invalidParams("document.sessionKey", "document.sessionKey is not a valid key: "
                    + e.getMessage());
        }
    }

    private static ObjectNode entry(JsonNode raw, int i, SessionKey key, EntryValidator validator,
                                    String defaultAgent) {
        String at = "document.entries[" + i + "]";
        if (!(raw instanceof ObjectNode e)) {
            throw ParleyException.invalidParams(at, at + " must be an object");
        }
        JsonNode seq = e.get("seq");
        if (seq == null || !seq.isIntegralNumber() || seq.asLong() != i) {
            throw ParleyException.invalidParams(at + ".seq", at + ".seq must be " + i + " (dense from 0)");
        }
        String type = e.path("type").asText("");
        if (i == 0) {
            header(e, at, key, defaultAgent);
        } else if (type.equals("session")) {
            throw ParleyException.invalidParams(at + ".type", "only the first entry may be the session header");
        } else if (!type.equals("repaired")) {
            appendRules(e, at, validator);
        }
        return e.deepCopy();
    }

    private static void header(ObjectNode e, String at, SessionKey key, String defaultAgent) {
        if (!e.path("type").asText("").equals("session")) {
            throw ParleyException.invalidParams(at + ".type", "the first entry must be the session header");
        }
        JsonNode k = e.get("sessionKey");
        boolean same;
        try {
            same = k != null && k.isTextual() && SessionKey.parse(k.asText(), defaultAgent).equals(key);
        } catch (RuntimeException ex) {
            same = false;
        }
        if (!same) {
            throw ParleyException.invalidParams(at + ".sessionKey", "the header must name " + key.format());
        }
    }

    /** The rules of {@code sessions.append}, on a copy without the fields an import keeps. */
    private static void appendRules(ObjectNode e, String at, EntryValidator validator) {
        ObjectNode copy = e.deepCopy();
        copy.remove(List.of("seq", "notice"));
        try {
            validator.validate(List.of(copy));
        } catch (ParleyException pe) {
            throw relocate(pe, at);
        }
    }

    /** The validator names {@code entries[0]…}; the document's path is {@code document.entries[i]…}. */
    private static ParleyException relocate(ParleyException pe, String at) {
        Map<String, Object> data = new HashMap<>(pe.data());
        Object field = data.get("field");
        String moved = field instanceof String f && f.startsWith("entries[0]") ? at + f.substring(10) : at;
        data.put("field", moved);
        String message = pe.getMessage() == null ? at : pe.getMessage().replace("entries[0]", at);
        ErrorCode code = pe.code();
        return new ParleyException(code, message, data);
    }
}
