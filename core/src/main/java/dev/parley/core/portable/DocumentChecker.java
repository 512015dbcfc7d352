package dev.parley.core.portable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.key.SessionKey;
import dev.parley.core.transcript.EntryValidator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules of a {@code parley} document (see {@link PortableDocument}), checked one piece at a time: the one
 * implementation used by the in-memory import ({@link PortableDocument#validate}) and the streaming one
 * ({@link DocumentReader}).
 *
 * <p>Entries are checked in order with {@link #entry}. The header's {@code sessionKey} must match the document's
 * key; when the key is not known yet (a document whose {@code entries} come before its {@code sessionKey}) that one
 * comparison is kept until {@link #finish} — it is the only rule that needs the key.
 */
public final class DocumentChecker {
    private final EntryValidator validator;
    private final String defaultAgent;
    private SessionKey key;
    private JsonNode headerKey;
    private boolean headerPending;
    private int next;

    /** {@code key} may be null when it is not known yet; give it to {@link #finish}. */
    public DocumentChecker(EntryValidator validator, String defaultAgent, SessionKey key) {
        this.validator = Objects.requireNonNull(validator, "validator is null");
        this.defaultAgent = Objects.requireNonNull(defaultAgent, "defaultAgent is null");
        this.key = key;
    }

    /** {@code document.format} must be {@code "parley"}. */
    public static void format(JsonNode format) {
        if (format == null || !PortableDocument.FORMAT.equals(format.asText(null))) {
            throw ParleyException.invalidParams("document.format", "document.format must be \"parley\"");
        }
    }

    /** {@code document.version} must be the integer {@value PortableDocument#VERSION}. */
    public static void version(JsonNode version) {
        if (version == null || !version.isIntegralNumber() || version.asLong() != PortableDocument.VERSION) {
            throw ParleyException.invalidParams("document.version", "document.version must be "
                    + PortableDocument.VERSION);
        }
    }

    /** {@code document.sessionKey}: a valid key (canonical form returned). */
    public static SessionKey key(JsonNode raw, String defaultAgent) {
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

    /** {@code document.entries} must not be empty. */
    public static ParleyException noEntries() {
        return ParleyException.invalidParams("document.entries", "document.entries must be a non-empty array");
    }

    /** How many entries were accepted so far. */
    public int count() {
        return next;
    }

    /**
     * Checks the next entry ({@code document.entries[count()]}) and returns it; {@code INVALID_PARAMS} naming the
     * entry's field otherwise. The node is returned as given (not copied).
     */
    public ObjectNode entry(JsonNode raw) {
        int i = next;
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
            header(e, at);
        } else if (type.equals("session")) {
            throw ParleyException.invalidParams(at + ".type", "only the first entry may be the session header");
        } else if (!type.equals("repaired")) {
            appendRules(e, at);
        }
        next++;
        return e;
    }

    /** Runs the header comparison kept for the key (when there was one); {@code key} is the document's key. */
    public void finish(SessionKey documentKey) {
        this.key = Objects.requireNonNull(documentKey, "documentKey is null");
        if (headerPending) {
            headerPending = false;
            matchHeader(headerKey, "document.entries[0]");
        }
    }

    private void header(ObjectNode e, String at) {
        if (!e.path("type").asText("").equals("session")) {
            throw ParleyException.invalidParams(at + ".type", "the first entry must be the session header");
        }
        if (key == null) {
            headerKey = e.get("sessionKey");
            headerPending = true;
        } else {
            matchHeader(e.get("sessionKey"), at);
        }
    }

    private void matchHeader(JsonNode k, String at) {
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
    private void appendRules(ObjectNode e, String at) {
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
