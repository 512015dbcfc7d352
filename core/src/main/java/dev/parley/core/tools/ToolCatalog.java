package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The five tools' descriptors (SPEC §9) with their JSON Schemas, and the check of a call's {@code params} against
 * them: the schema is the single source of truth for names, types, enums and ranges. Every violation is
 * {@code INVALID_PARAMS} with {@code data.field = params.<name>}.
 */
final class ToolCatalog {
    static final String LIST = "sessions_list";
    static final String HISTORY = "sessions_history";
    static final String SEND = "sessions_send";
    static final String SPAWN = "sessions_spawn";
    static final String STATUS = "session_status";

    private final Map<String, ObjectNode> tools = new LinkedHashMap<>();

    ToolCatalog() {
        add(LIST, "Lists the sessions you may see, most recently active first.", schema()
                .str("agentId", "only sessions of this agent").str("channel", "only this channel")
                .enumeration("scope", "only this scope", "dm", "group", "thread", "main", "subagent")
                .integer("lastN", "at most this many sessions (default 50)", 1, 1000)
                .bool("activeOnly", "only sessions with a user message in the last 60 minutes"));
        add(HISTORY, "Reads the recent transcript of a session you may see (secrets redacted).", schema()
                .str("sessionKey", "the session to read").integer("last", "entries to read (default 20)", 1, 1000)
                .bool("includeTools", "include tool calls and results (default false)").require("sessionKey"));
        add(SEND, "Sends a message to another session; optionally waits for its reply.", schema()
                .str("sessionKey", "the target session").str("message", "the message text")
                .enumeration("replyPolicy", "skip: do not wait; reply: wait and return the reply; announce: wait and"
                        + " post the reply into your session (default: your sendPolicy)", "skip", "announce", "reply")
                .str("announceChannel", "a session key of your agent to announce the reply into instead")
                .integer("timeoutSeconds", "how long to wait for the reply (default 30)", 1, 300)
                .require("sessionKey", "message"));
        add(SPAWN, "Starts a sub-agent session on a task; returns its key at once.", schema()
                .str("task", "what the sub-agent should do").str("agentId", "the sub-agent's agent (default yours)")
                .str("label", "a short name for the sub-agent").str("model", "provider/model for the sub-agent")
                .require("task"));
        add(STATUS, "Shows a session's settings, context usage, lock and queue (default: yours).", schema()
                .str("sessionKey", "the session (default: yours)"));
    }

    private void add(String name, String description, Schema schema) {
        ObjectNode d = Json.object().put("name", name).put("description", description);
        d.set("inputSchema", schema.node);
        tools.put(name, d);
    }

    /** {@code [{name, description, inputSchema}]}, copies. */
    List<ObjectNode> descriptors() {
        return tools.values().stream().map(ObjectNode::deepCopy).toList();
    }

    /** Checks {@code params} against the tool's schema; {@code INVALID_PARAMS} naming {@code params.<name>}. */
    void check(String tool, ObjectNode params) {
        ObjectNode d = tools.get(tool);
        if (d == null) {
            throw ParleyException.invalidParams("tool", "unknown tool '" + tool + "'; available: "
                    + String.join(", ", tools.keySet()));
        }
        JsonNode schema = d.get("inputSchema");
        JsonNode props = schema.get("properties");
        for (Iterator<String> it = params.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!props.has(name)) {
                throw ParleyException.invalidParams("params." + name, "unknown parameter '" + name + "' of " + tool
                        + "; expected " + String.join(", ", (Iterable<String>) props::fieldNames));
            }
        }
        for (JsonNode req : schema.get("required")) {
            JsonNode v = params.get(req.asText());
            if (v == null || v.isNull()) {
                throw ParleyException.invalidParams("params." + req.asText(), "missing required parameter '"
                        + req.asText() + "'");
            }
        }
        props.fields().forEachRemaining(p -> value(p.getKey(), p.getValue(), params.get(p.getKey())));
    }

    private static void value(String name, JsonNode spec, JsonNode v) {
        if (v == null || v.isNull()) {
            return;
        }
        String field = "params." + name;
        switch (spec.get("type").asText()) {
            case "string" -> {
                if (!v.isTextual()) {
                    throw ParleyException.invalidParams(field, "'" + name + "' must be a string");
                }
                if (spec.has("enum") && !contains(spec.get("enum"), v.asText())) {
                    throw ParleyException.invalidParams(field, "'" + name + "' must be one of " + spec.get("enum"));
                }
            }
            case "integer" -> {
                if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < spec.get("minimum").asInt()
                        || v.asInt() > spec.get("maximum").asInt()) {
                    throw ParleyException.invalidParams(field, "'" + name + "' must be an integer from "
                            + spec.get("minimum") + " to " + spec.get("maximum"));
                }
            }
            default -> {
                if (!v.isBoolean()) {
                    throw ParleyException.invalidParams(field, "'" + name + "' must be a boolean");
                }
            }
        }
    }

    private static boolean contains(JsonNode values, String v) {
        for (JsonNode e : values) {
            if (e.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static Schema schema() {
        return new Schema();
    }

    /** A small builder of an object schema with {@code additionalProperties:false}. */
    private static final class Schema {
        final ObjectNode node = Json.object().put("type", "object");
        final ObjectNode props = node.putObject("properties");
        final ArrayNode required = node.putArray("required");

        Schema() {
            node.put("additionalProperties", false);
        }

        Schema str(String name, String description) {
            props.putObject(name).put("type", "string").put("description", description);
            return this;
        }

        Schema enumeration(String name, String description, String... values) {
            ArrayNode e = props.putObject(name).put("type", "string").put("description", description).putArray("enum");
            for (String v : values) {
                e.add(v);
            }
            return this;
        }

        Schema integer(String name, String description, int min, int max) {
            props.putObject(name).put("type", "integer").put("description", description)
                    .put("minimum", min).put("maximum", max);
            return this;
        }

        Schema bool(String name, String description) {
            props.putObject(name).put("type", "boolean").put("description", description);
            return this;
        }

        Schema require(String... names) {
            for (String n : names) {
                required.add(n);
            }
            return this;
        }
    }
}
