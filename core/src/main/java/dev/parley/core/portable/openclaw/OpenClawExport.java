package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Parley session → OpenClaw files: {@code agents/<agentId>/sessions/sessions.json} (pretty-printed, 2-space
 * indent) and one {@code <sessionId>.jsonl} per reset segment (OpenClaw starts a new file per reset). Only the
 * current segment is listed in {@code sessions.json}; the earlier ones are named, in order, by its
 * {@code parleySegments} field, so a Parley import chains them back and the seq numbers survive. Session ids are
 * {@code UUID.nameUUIDFromBytes(key + "#" + segment)} and line ids are the hex seq of the line's first entry, so an
 * export is reproducible.
 *
 * <p>Each line is checked by mapping it back ({@link FromOpenClaw}); when that would not give the exact Parley
 * entries, the line also carries them under {@code parley}, so a round trip through this format loses nothing.
 */
public final class OpenClawExport {
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    private OpenClawExport() {
    }

    /**
     * The files of one session, by path under the export root.
     *
     * @param metadata the {@code sessions.get} object (overrides, counters, {@code lastActiveAt})
     * @param lines every transcript line, header first
     */
    public static Map<String, String> export(SessionKey key, ObjectNode metadata, List<ObjectNode> lines) {
        ObjectNode header = lines.get(0);
        List<List<ObjectNode>> segments = segments(lines.subList(1, lines.size()));
        String dir = "agents/" + key.agentId() + "/sessions/";
        Map<String, String> files = new LinkedHashMap<>();
        Map<String, JsonNode> overrides = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            String sessionId = UUID.nameUUIDFromBytes((key.format() + "#" + k).getBytes(StandardCharsets.UTF_8))
                    .toString();
            long start = k == 0 ? header.path("timestamp").asLong() : segments.get(k).get(0).path("timestamp").asLong();
            files.put(dir + sessionId + ".jsonl", transcript(sessionId, start, header, segments.get(k), overrides));
            ids.add(sessionId);
        }
        ObjectNode index = Json.object();
        index.set(OpenClawKeys.toOpenClaw(key), SessionsJson.entry(key, metadata, header, ids, dir, lines));
        files.put(dir + "sessions.json", pretty(index));
        return files;
    }

    /** Pretty JSON as OpenClaw writes it ({@code JSON.stringify(x, null, 2)}), with a final newline. */
    static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writer(PRETTY).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String iso(long epochMs) {
        return Instant.ofEpochMilli(epochMs).toString();
    }

    private static List<List<ObjectNode>> segments(List<ObjectNode> body) {
        List<List<ObjectNode>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (ObjectNode e : body) {
            if ("reset".equals(e.path("type").asText())) {
                out.add(new ArrayList<>());
            }
            out.get(out.size() - 1).add(e);
        }
        return out;
    }

    private static String transcript(String sessionId, long start, ObjectNode header, List<ObjectNode> entries,
                                     Map<String, JsonNode> overrides) {
        StringBuilder out = new StringBuilder();
        ObjectNode h = Json.object().put("type", "session").put("version", 3).put("id", sessionId)
                .put("timestamp", iso(start)).put("cwd", header.path("cwd").asText(""));
        out.append(h).append('\n');
        Map<Long, String> idsBySeq = new HashMap<>();
        ToOpenClaw to = new ToOpenClaw(idsBySeq);
        String parent = null;
        for (List<ObjectNode> group : groups(entries)) {
            String id = String.format("%08x", group.get(0).path("seq").asLong());
            ObjectNode body = to.line(group);
            ObjectNode line = Json.object().put("type", body.path("type").asText()).put("id", id);
            line.put("parentId", parent);
            line.put("timestamp", iso(group.get(group.size() - 1).path("timestamp").asLong()));
            body.remove("type");
            line.setAll(body);
            keepExact(line, group, idsBySeq, overrides);
            group.forEach(e -> idsBySeq.put(e.path("seq").asLong(), id));
            out.append(line).append('\n');
            parent = id;
        }
        return out.toString();
    }

    /** Adds the exact entries under {@code parley} when mapping the line back would not reproduce them. */
    private static void keepExact(ObjectNode line, List<ObjectNode> group, Map<Long, String> idsBySeq,
                                  Map<String, JsonNode> overrides) {
        List<ObjectNode> want = new ArrayList<>();
        for (ObjectNode e : group) {
            ObjectNode c = e.deepCopy();
            c.remove("seq");
            want.add(c);
        }
        List<ObjectNode> got;
        try {
            got = new FromOpenClaw(id -> idsBySeq.containsValue(id) ? Long.parseLong(id, 16) : null, overrides)
                    .entries(line);
        } catch (IllegalArgumentException e) {
            got = List.of();
        }
        if (!got.equals(want)) {
            ArrayNode exact = line.putArray(FromOpenClaw.PATCH);
            want.forEach(exact::add);
        }
        want.forEach(e -> Settings.replay(overrides, e));
    }

    /** Single entries, except that thinking entries right before an assistant message join it. */
    private static List<List<ObjectNode>> groups(List<ObjectNode> entries) {
        List<List<ObjectNode>> out = new ArrayList<>();
        List<ObjectNode> thinking = new ArrayList<>();
        for (ObjectNode e : entries) {
            String type = e.path("type").asText();
            if (type.equals("thinking") && !e.has(FromOpenClaw.FOREIGN)) {
                thinking.add(e);
                continue;
            }
            boolean assistant = type.equals("message") && "assistant".equals(e.path("message").path("role").asText());
            if (assistant && !thinking.isEmpty()) {
                thinking.add(e);
                out.add(thinking);
            } else {
                thinking.forEach(t -> out.add(List.of(t)));
                out.add(List.of(e));
            }
            thinking = new ArrayList<>();
        }
        thinking.forEach(t -> out.add(List.of(t)));
        return out;
    }
}
