package dev.parley.core.crash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Entries whose content starts with a unique payload id, so a test can find every acknowledged entry again. */
final class Payloads {
    /** The sessions the crash child writes to. */
    static final List<String> KEYS = List.of("agent:main:telegram:dm:crash0", "agent:main:telegram:dm:crash1",
            "agent:main:whatsapp:group:crash2", "agent:ops:slack:dm:crash3");
    /** The transcript file names of {@link #KEYS}. */
    static final Set<String> FILES = KEYS.stream()
            .map(k -> FileStems.stem(SessionKey.parse(k, "main")) + ".jsonl").collect(Collectors.toSet());

    private static final String FILLER = "the quick brown fox jumps over the lazy dog, ünïcödé ✓ and \"quotes\"; ";

    private Payloads() {
    }

    /** {@code {"type":"message","message":{"role":role,"content":"<id> <filler of fillerChars>"}}}. */
    static ObjectNode message(String role, String id, int fillerChars) {
        StringBuilder content = new StringBuilder(id).append(' ');
        while (content.length() < id.length() + 1 + fillerChars) {
            content.append(FILLER);
        }
        content.setLength(id.length() + 1 + fillerChars);
        ObjectNode e = Json.object();
        e.put("type", "message");
        e.putObject("message").put("role", role).put("content", content.toString());
        return e;
    }

    /** {@code {"type":"reset","reason":"manual","pid":id}} (unknown fields are kept verbatim). */
    static ObjectNode reset(String id) {
        return Json.object().put("type", "reset").put("reason", "manual").put("pid", id);
    }

    /** The payload id of an entry written by {@link #message} or {@link #reset}, or null for any other entry. */
    static String idOf(ObjectNode entry) {
        if (entry.path("pid").isTextual()) {
            return entry.get("pid").asText();
        }
        String content = entry.path("message").path("content").asText(null);
        if (content == null) {
            return null;
        }
        int space = content.indexOf(' ');
        return space < 0 ? content : content.substring(0, space);
    }
}
