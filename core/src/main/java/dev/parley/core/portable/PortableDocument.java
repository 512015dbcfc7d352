package dev.parley.core.portable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.transcript.EntryValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code parley} export document: {@code {format:"parley", version:1, sessionKey, metadata, entries}} where
 * {@code entries} are every transcript line, header first, in seq order.
 *
 * <p>Validation for import is strict and whole: any problem is {@code INVALID_PARAMS} with {@code data.field}
 * naming the path under {@code document}, before anything is written. Entries after the header are checked by
 * the rules of {@code sessions.append}, except that their {@code seq}, {@code timestamp} and Parley's own
 * {@code notice} flag are kept; {@code session} is allowed only as the header and {@code repaired} only after it.
 * The rules live in {@link DocumentChecker}, shared with the streaming import ({@link DocumentReader}).
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
        DocumentChecker.format(doc.get("format"));
        DocumentChecker.version(doc.get("version"));
        SessionKey key = DocumentChecker.key(doc.get("sessionKey"), defaultAgent);
        if (!(doc.get("entries") instanceof ArrayNode entries) || entries.isEmpty()) {
            throw DocumentChecker.noEntries();
        }
        DocumentChecker checker = new DocumentChecker(validator, defaultAgent, key);
        List<ObjectNode> out = new ArrayList<>(entries.size());
        for (JsonNode e : entries) {
            out.add(checker.entry(e).deepCopy());
        }
        return new Valid(key, out);
    }
}
