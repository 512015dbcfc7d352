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
 * <p>The export is written line by line to a {@link FileSink} (held whole in {@link #export} for RPC, streamed by
 * {@link OpenClawStream} for REST), so memory does not grow with the transcript. Each line is checked by mapping it back ({@link FromOpenClaw}); when that would not give the exact Parley
 * entries, the line also carries them under {@code parley}, so a round trip through this format loses nothing.
 */
public final class OpenClawExport {
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));

    /**
     * The files of one session, by path under the export root.
     *
     * @param metadata the {@code sessions.get} object (overrides, counters, {@code lastActiveAt})
     * @param lines every transcript line, header first
     */
    public static Map<String, String> export(SessionKey key, ObjectNode metadata, List<ObjectNode> lines) {
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        StringBuilder[] current = {null};
        FileSink sink = new FileSink() {
            @Override
            public void begin(String path) {
                current[0] = new StringBuilder();
                files.put(path, current[0]);
            }

            @Override
            public void text(String text) {
                current[0].append(text);
            }
        };
        try {
            OpenClawExport exporter = new OpenClawExport(key, metadata, sink);
            for (ObjectNode line : lines) {
                exporter.accept(line);
            }
            exporter.finish();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((path, text) -> out.put(path, text.toString()));
        return out;
    }

    private final SessionKey key;
    private final ObjectNode metadata;
    private final FileSink sink;
    private final String dir;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, JsonNode> overrides = new HashMap<>();
    private final List<ObjectNode> thinking = new ArrayList<>();
    private ObjectNode header;
    private LineIds lineIds;
    private ToOpenClaw to;
    private String parent;
    private long lastTimestamp;

    /** An export written line by line to {@code sink}: {@link #accept} every line (header first), then finish. */
    OpenClawExport(SessionKey key, ObjectNode metadata, FileSink sink) {
        this.key = key;
        this.metadata = metadata;
        this.sink = sink;
        this.dir = "agents/" + key.agentId() + "/sessions/";
    }

    /** The next transcript line. */
    void accept(ObjectNode e) throws java.io.IOException {
        lastTimestamp = e.path("timestamp").asLong();
        if (header == null) {
            header = e;
            segment(header.path("timestamp").asLong());
            return;
        }
        String type = e.path("type").asText();
        if (type.equals("reset")) {
            flushThinking();
            segment(e.path("timestamp").asLong());
        }
        if (type.equals("thinking") && !e.has(FromOpenClaw.FOREIGN)) {
            thinking.add(e);
            return;
        }
        boolean assistant = type.equals("message") && "assistant".equals(e.path("message").path("role").asText());
        if (assistant && !thinking.isEmpty()) {
            thinking.add(e);
            write(List.copyOf(thinking));
            thinking.clear();
        } else {
            flushThinking();
            write(List.of(e));
        }
    }

    /** Ends the last segment and writes {@code sessions.json}. */
    void finish() throws java.io.IOException {
        flushThinking();
        ObjectNode index = Json.object();
        index.set(OpenClawKeys.toOpenClaw(key), SessionsJson.entry(key, metadata, header, ids, dir, lastTimestamp));
        sink.begin(dir + "sessions.json");
        sink.text(pretty(index));
    }

    /** Starts the next {@code <sessionId>.jsonl} (OpenClaw starts a new file per reset). */
    private void segment(long start) throws java.io.IOException {
        String sessionId = UUID.nameUUIDFromBytes((key.format() + "#" + ids.size()).getBytes(StandardCharsets.UTF_8))
                .toString();
        ids.add(sessionId);
        lineIds = new LineIds();
        to = new ToOpenClaw(lineIds::idOf);
        parent = null;
        sink.begin(dir + sessionId + ".jsonl");
        ObjectNode h = Json.object().put("type", "session").put("version", 3).put("id", sessionId)
                .put("timestamp", iso(start)).put("cwd", header.path("cwd").asText(""));
        sink.text(h + "\n");
    }

    private void flushThinking() throws java.io.IOException {
        for (ObjectNode t : thinking) {
            write(List.of(t));
        }
        thinking.clear();
    }

    /** One OpenClaw line for a group (one entry, or thinking entries and the assistant message they precede). */
    private void write(List<ObjectNode> group) throws java.io.IOException {
        String id = LineIds.id(group.get(0).path("seq").asLong());
        ObjectNode body = to.line(group);
        ObjectNode line = Json.object().put("type", body.path("type").asText()).put("id", id);
        line.put("parentId", parent);
        line.put("timestamp", iso(group.get(group.size() - 1).path("timestamp").asLong()));
        body.remove("type");
        line.setAll(body);
        keepExact(line, group);
        lineIds.record(group);
        sink.text(line + "\n");
        parent = id;
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

    /** Adds the exact entries under {@code parley} when mapping the line back would not reproduce them. */
    private void keepExact(ObjectNode line, List<ObjectNode> group) {
        List<ObjectNode> want = new ArrayList<>();
        for (ObjectNode e : group) {
            ObjectNode c = e.deepCopy();
            c.remove("seq");
            want.add(c);
        }
        List<ObjectNode> got;
        try {
            got = new FromOpenClaw(id -> lineIds.isLine(id) ? Long.parseLong(id, 16) : null, overrides)
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
}
