package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.portable.PortableDocument;
import dev.parley.core.transcript.EntryValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a whole OpenClaw tree (a files map: path under the root → file content) into validated Parley
 * transcripts, before anything is written: every {@code agents/<id>/sessions/sessions.json} entry becomes one
 * session whose transcript is built from its JSONL (earlier {@code parleySegments} first, when present), in chain
 * order. Problems are {@code INVALID_PARAMS} with {@code data.field = files["<path>"]} and, for a line,
 * {@code data.line} (1-based). Keys with no Parley form are reported under {@code skipped}, changed ones under
 * {@code mapped}.
 */
public final class OpenClawImport {
    private static final Pattern INDEX = Pattern.compile("agents/([^/]+)/sessions/sessions\\.json");

    private OpenClawImport() {
    }

    /** The outcome: sessions to write, and the {@code mapped} / {@code skipped} report arrays. */
    public record Result(List<PortableDocument.Valid> sessions, ArrayNode mapped, ArrayNode skipped) {
        public Result {
            sessions = List.copyOf(sessions);
        }
    }

    /** Validates and converts {@code files}; throws {@code INVALID_PARAMS} for the first problem. */
    public static Result read(JsonNode files, EntryValidator validator, String defaultAgent) {
        if (!(files instanceof ObjectNode tree) || tree.isEmpty()) {
            throw ParleyException.invalidParams("files", "files must be a non-empty object of path → content");
        }
        Map<String, String> byPath = new LinkedHashMap<>();
        tree.fields().forEachRemaining(f -> byPath.put(checkedPath(f.getKey()), text(f.getKey(), f.getValue())));
        ArrayNode mapped = Json.MAPPER.createArrayNode();
        ArrayNode skipped = Json.MAPPER.createArrayNode();
        Map<SessionKey, PortableDocument.Valid> sessions = new LinkedHashMap<>();
        for (String path : byPath.keySet()) {
            Matcher m = INDEX.matcher(path);
            if (!m.matches()) {
                continue;
            }
            ObjectNode index = index(path, byPath.get(path));
            String dir = path.substring(0, path.length() - "sessions.json".length());
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) index::fields) {
                SessionsJson.Read entry;
                try {
                    entry = SessionsJson.read(e.getValue());
                } catch (IllegalArgumentException bad) {
                    throw invalid(path, null, "entry \"" + e.getKey() + "\": " + bad.getMessage());
                }
                OpenClawKeys.Mapped key;
                try {
                    key = OpenClawKeys.toParley(e.getKey(), m.group(1), entry.hint());
                } catch (RuntimeException bad) {
                    skipped.addObject().put("key", e.getKey()).put("reason", "no Parley form: " + bad.getMessage());
                    continue;
                }
                if (sessions.containsKey(key.key())) {
                    skipped.addObject().put("key", e.getKey()).put("reason", "maps to " + key.key().format()
                            + ", already imported from another entry");
                    continue;
                }
                if (!key.reasons().isEmpty()) {
                    mapped.addObject().put("from", e.getKey()).put("to", key.key().format())
                            .put("reason", String.join("; ", key.reasons()));
                }
                sessions.put(key.key(), session(key.key(), entry, dir, byPath, validator, defaultAgent));
            }
        }
        if (sessions.isEmpty() && skipped.isEmpty()) {
            throw ParleyException.invalidParams("files", "no agents/<id>/sessions/sessions.json in files");
        }
        return new Result(new ArrayList<>(sessions.values()), mapped, skipped);
    }

    /** Rejects paths that could leave the export root: absolute, {@code ..}, {@code .}, empty or {@code \}. */
    static String checkedPath(String path) {
        boolean bad = path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.indexOf('\0') >= 0
                || path.matches("^[A-Za-z]:.*");
        for (String part : path.split("/", -1)) {
            bad |= part.isEmpty() || part.equals("..") || part.equals(".");
        }
        if (bad) {
            throw invalid(path, null, "the path must be relative, without '.', '..' or empty parts");
        }
        return path;
    }

    private static String text(String path, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw invalid(path, null, "the content must be a string");
        }
        return value.asText();
    }

    private static ObjectNode index(String path, String content) {
        try {
            JsonNode node = Json.MAPPER.readTree(content);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw invalid(path, null, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw invalid(path, null, "sessions.json must hold one object");
    }

    private static PortableDocument.Valid session(SessionKey key, SessionsJson.Read entry, String dir,
                                                  Map<String, String> byPath, EntryValidator validator,
                                                  String defaultAgent) {
        String current = dir + entry.sessionId() + ".jsonl";
        if (!byPath.containsKey(current)) {
            throw invalid(current, null, "the transcript of sessionId " + entry.sessionId() + " is missing");
        }
        List<String> paths = new ArrayList<>();
        entry.earlier().stream().map(id -> dir + id + ".jsonl").filter(byPath::containsKey).forEach(paths::add);
        paths.add(current);
        ChainReader chain = new ChainReader();
        for (String p : paths) {
            chain.read(p, byPath.get(p));
        }
        chain.settingsFrom(entry.overrides(), entry.unknown());
        ObjectNode header = chain.header(key, entry.unknown());
        List<ObjectNode> entries = new ArrayList<>();
        entries.add(header);
        entries.addAll(chain.entries());
        ObjectNode doc = PortableDocument.build(key, Json.object(), entries);
        try {
            return PortableDocument.validate(doc, validator, defaultAgent);
        } catch (ParleyException e) {
            throw chain.relocate(e);
        }
    }

    static ParleyException invalid(String path, Integer line, String message) {
        String field = "files[\"" + path + "\"]";
        Map<String, Object> data = new HashMap<>();
        data.put("field", field);
        if (line != null) {
            data.put("line", line);
        }
        return new ParleyException(ErrorCode.INVALID_PARAMS, field + (line == null ? "" : " line " + line) + ": "
                + message, data);
    }
}
