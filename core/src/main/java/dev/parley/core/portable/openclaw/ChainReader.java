package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one Parley transcript from one or more OpenClaw JSONL files (segments, oldest first): each file's header
 * is checked, its entries are put in chain order (from the last line back along {@code parentId}; every
 * {@code parentId} must name an entry of the same file) and mapped by {@link FromOpenClaw}. Remembers where each
 * Parley entry came from so a validation error can name the file and line.
 */
final class ChainReader {
    private static final Pattern ENTRY_INDEX = Pattern.compile("^document\\.entries\\[(\\d+)]");

    private final List<ObjectNode> entries = new ArrayList<>();
    private final List<String[]> origins = new ArrayList<>(); // {path, line} per entry, seq 1 first
    private final Map<String, JsonNode> overrides = new HashMap<>();
    private Long startedAt;
    private String cwd;
    private String firstPath;
    private final Map<ObjectNode, Integer> lineNumbers = new java.util.IdentityHashMap<>();

    void read(String path, String content) {
        String[] lines = content.split("\n", -1);
        List<ObjectNode> parsed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            ObjectNode node = parse(path, i + 1, lines[i]);
            lineNumbers.put(node, i + 1);
            parsed.add(node);
        }
        if (parsed.isEmpty() || !"session".equals(parsed.get(0).path("type").asText())) {
            throw OpenClawImport.invalid(path, 1, "the first line must be the session header");
        }
        ObjectNode header = parsed.get(0);
        if (startedAt == null) {
            firstPath = path;
            startedAt = timestamp(path, header);
            cwd = header.path("cwd").asText("");
        }
        Map<String, Long> seqById = new HashMap<>();
        FromOpenClaw from = new FromOpenClaw(seqById::get, overrides);
        for (ObjectNode line : chain(path, parsed.subList(1, parsed.size()))) {
            List<ObjectNode> made;
            try {
                made = from.entries(line);
            } catch (IllegalArgumentException e) {
                throw OpenClawImport.invalid(path, lineNumbers.get(line), e.getMessage());
            }
            seqById.put(line.get("id").asText(), (long) entries.size() + 1);
            for (ObjectNode e : made) {
                e.put("seq", entries.size() + 1);
                entries.add(e);
                origins.add(new String[] {path, String.valueOf(lineNumbers.get(line))});
                Settings.replay(overrides, e);
            }
        }
    }

    private static ObjectNode parse(String path, int number, String text) {
        try {
            if (Json.MAPPER.readTree(text) instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw OpenClawImport.invalid(path, number, "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        throw OpenClawImport.invalid(path, number, "a line must hold one JSON object");
    }

    private long timestamp(String path, ObjectNode line) {
        try {
            return FromOpenClaw.timestamp(line);
        } catch (IllegalArgumentException e) {
            throw OpenClawImport.invalid(path, lineNumbers.get(line), e.getMessage());
        }
    }

    /** The entries from the root to the last line, following {@code parentId}. */
    private List<ObjectNode> chain(String path, List<ObjectNode> lines) {
        Map<String, ObjectNode> byId = new HashMap<>();
        for (ObjectNode l : lines) {
            int n = lineNumbers.get(l);
            if (!l.path("id").isTextual() || l.get("id").asText().isEmpty()) {
                throw OpenClawImport.invalid(path, n, "id is missing");
            }
            if (byId.put(l.get("id").asText(), l) != null) {
                throw OpenClawImport.invalid(path, n, "id " + l.get("id").asText() + " is used twice");
            }
            timestamp(path, l);
        }
        for (ObjectNode l : lines) {
            JsonNode parent = l.get("parentId");
            if (parent != null && !parent.isNull() && !byId.containsKey(parent.asText())) {
                throw OpenClawImport.invalid(path, lineNumbers.get(l), "parentId " + parent.asText()
                        + " names no entry of this file (broken chain)");
            }
        }
        List<ObjectNode> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        ObjectNode at = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        while (at != null) {
            if (!seen.add(at.get("id").asText())) {
                throw OpenClawImport.invalid(path, lineNumbers.get(at), "parentId forms a cycle");
            }
            out.add(0, at);
            JsonNode parent = at.get("parentId");
            at = parent == null || parent.isNull() ? null : byId.get(parent.asText());
        }
        return out;
    }

    /** Appends a {@code settings} entry (source import) for the sessions.json settings the transcript lacks. */
    void settingsFrom(ObjectNode wanted, ObjectNode unknown) {
        ObjectNode changes = Json.object();
        wanted.fields().forEachRemaining(f -> {
            if (!f.getValue().equals(overrides.get(f.getKey()))) {
                ObjectNode c = changes.putObject(f.getKey());
                c.set("old", overrides.getOrDefault(f.getKey(), Json.MAPPER.nullNode()));
                c.set("new", f.getValue());
            }
        });
        if (changes.isEmpty()) {
            return;
        }
        long ts = entries.isEmpty() ? startedAt : entries.get(entries.size() - 1).path("timestamp").asLong();
        ObjectNode e = Json.object().put("seq", entries.size() + 1).put("type", "settings").put("timestamp", ts)
                .put("source", "import");
        e.set("changes", changes);
        entries.add(e);
        origins.add(new String[] {firstPath, "0"});
    }

    ObjectNode header(SessionKey key, ObjectNode unknown) {
        ObjectNode h = Json.object().put("seq", 0).put("type", "session").put("version", 1)
                .put("timestamp", startedAt).put("sessionKey", key.format()).put("agentId", key.agentId());
        if (!cwd.isEmpty()) {
            h.put("cwd", cwd);
        }
        if (!unknown.isEmpty()) {
            h.set("openclaw", unknown);
        }
        return h;
    }

    List<ObjectNode> entries() {
        return entries;
    }

    /** Moves a {@code document.entries[i]} error to the file and line entry {@code i} came from. */
    ParleyException relocate(ParleyException e) {
        Object field = e.data().get("field");
        Matcher m = ENTRY_INDEX.matcher(field instanceof String s ? s : "");
        int i = m.find() ? Integer.parseInt(m.group(1)) : 0;
        String[] origin = i == 0 || i > origins.size() ? new String[] {firstPath, "1"} : origins.get(i - 1);
        int line = Integer.parseInt(origin[1]);
        return OpenClawImport.invalid(origin[0], line == 0 ? null : line, e.getMessage());
    }
}
