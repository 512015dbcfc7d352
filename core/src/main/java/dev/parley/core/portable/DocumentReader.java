package dev.parley.core.portable;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.transcript.EntryValidator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;

/**
 * Reads a {@code parley} document from a file with Jackson's streaming parser, in bounded memory: the small header
 * fields as trees, then {@code entries} one object at a time, each checked by {@link DocumentChecker} (the same
 * rules as {@link PortableDocument#validate}) and written as a line to a temp transcript as it goes.
 *
 * <p>Design notes. The answer is the one the in-memory import would give for the same file: a file that is not
 * JSON is {@code PARSE_ERROR} wherever the fault lies, so the whole file is always read to its end, even after a
 * problem was found (entries after it are skipped, not kept); then the problems are reported in the order
 * {@code validate} would find them: format, version, sessionKey, entries' shape, the header's key, the first bad
 * entry. Field order does not matter: the only rule that needs the key (the header must name it) waits for
 * {@link DocumentChecker#finish} when {@code entries} come first, so nothing is buffered. The temp file goes in the
 * session's directory when the key is known first and that directory exists, else in {@code spareDir}; it is
 * deleted on every failure.
 */
public final class DocumentReader {
    private static final int BUFFER = 64 * 1024;
    /** One value at a time from a parser that goes on (the mapper itself insists on the end of input). */
    private static final ObjectReader TREES = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final EntryValidator validator;
    private final String defaultAgent;
    private final Function<SessionKey, Path> dirFor;
    private final Path spareDir;

    /**
     * @param dirFor the sessions directory of a key (where its transcript will live)
     * @param spareDir where to spool when that directory is unknown or absent (e.g. {@code <stateDir>/tmp})
     */
    public DocumentReader(EntryValidator validator, String defaultAgent, Function<SessionKey, Path> dirFor,
                          Path spareDir) {
        this.validator = validator;
        this.defaultAgent = defaultAgent;
        this.dirFor = dirFor;
        this.spareDir = spareDir;
    }

    /**
     * Reads {@code file}: the document itself when {@code field} is null, else a JSON object whose member
     * {@code field} is the document (other members are read past). The caller closes the result.
     */
    public SpooledTranscript read(Path file, String field) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
            return parse(p, field);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ParleyException(ErrorCode.PARSE_ERROR, "the request body is not valid JSON");
        }
    }

    private SpooledTranscript parse(JsonParser p, String field) throws IOException {
        State state = new State();
        try {
            JsonToken t = p.nextToken();
            if (field == null) {
                document(p, state);
            } else {
                requireObject(t, "the request body must be a JSON object", ErrorCode.INVALID_REQUEST);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean mine = field.equals(p.currentName());
                    p.nextToken();
                    if (mine) {
                        document(p, state);
                    } else {
                        p.skipChildren();
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new ParleyException(ErrorCode.PARSE_ERROR, "the request body is not valid JSON");
            }
            return state.finish();
        } catch (IOException | RuntimeException e) {
            state.discard();
            throw e;
        }
    }

    private static void requireObject(JsonToken t, String message, ErrorCode code) {
        if (t != JsonToken.START_OBJECT) {
            throw code == ErrorCode.INVALID_PARAMS ? ParleyException.invalidParams("document", message)
                    : new ParleyException(code, message);
        }
    }

    private void document(JsonParser p, State state) throws IOException {
        requireObject(p.currentToken(), "document must be an object", ErrorCode.INVALID_PARAMS);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "format" -> state.format = scalar(p);
                case "version" -> state.version = scalar(p);
                case "sessionKey" -> state.sessionKey = scalar(p);
                case "entries" -> entries(p, value, state);
                default -> p.skipChildren();
            }
        }
    }

    /** A scalar as a tree; an object or array is read past (any of them fails the header checks alike). */
    private static JsonNode scalar(JsonParser p) throws IOException {
        if (p.currentToken().isStructStart()) {
            p.skipChildren();
            return Json.object();
        }
        JsonNode n = TREES.readTree(p);
        return n == null ? NullNode.getInstance() : n;
    }

    private void entries(JsonParser p, JsonToken value, State state) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        state.entriesArray = true;
        SessionKey early = earlyKey(state);
        state.checker = new DocumentChecker(validator, defaultAgent, early);
        state.open(early);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (state.failure != null) {
                p.skipChildren();
                continue;
            }
            JsonNode raw = TREES.readTree(p);
            try {
                state.out.write(Json.line(state.checker.entry(raw == null ? NullNode.getInstance() : raw)));
            } catch (ParleyException e) {
                state.failure = e;
            }
        }
    }

    /** The key, when the fields before {@code entries} already give a valid document head. */
    private SessionKey earlyKey(State state) {
        try {
            DocumentChecker.format(state.format);
            DocumentChecker.version(state.version);
            return DocumentChecker.key(state.sessionKey, defaultAgent);
        } catch (ParleyException e) {
            return null;
        }
    }

    /** What one read has seen so far, and its temp file. */
    private final class State {
        JsonNode format;
        JsonNode version;
        JsonNode sessionKey;
        boolean entriesArray;
        DocumentChecker checker;
        ParleyException failure;
        Path temp;
        FileChannel channel;
        OutputStream out;

        void open(SessionKey early) throws IOException {
            Path dir = early != null && Files.isDirectory(dirFor.apply(early)) ? dirFor.apply(early) : spareDir;
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, "import-", ".jsonl.tmp");
            channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        /** The checks in the order {@link PortableDocument#validate} makes them; then the forced temp file. */
        SpooledTranscript finish() throws IOException {
            DocumentChecker.format(format);
            DocumentChecker.version(version);
            SessionKey key = DocumentChecker.key(sessionKey, defaultAgent);
            if (!entriesArray || checker.count() == 0 && failure == null) {
                throw DocumentChecker.noEntries();
            }
            checker.finish(key);
            if (failure != null) {
                throw failure;
            }
            out.flush();
            channel.force(true);
            channel.close();
            SpooledTranscript done = new SpooledTranscript(key, checker.count(), temp);
            temp = null;
            return done;
        }

        void discard() throws IOException {
            if (channel != null) {
                channel.close();
            }
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
