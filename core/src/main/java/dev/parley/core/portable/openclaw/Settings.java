package dev.parley.core.portable.openclaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.settings.Overrides;
import java.util.Map;

/**
 * Per-session settings between {@code sessions.json} fields and Parley's overrides (SPEC §4). A value is mapped
 * only when Parley accepts it ({@code elevatedLevel} on/full → {@code elevated:true}, off → false;
 * {@code ttsAuto} → {@code ttsMode}; {@code providerOverride}/{@code modelOverride} → {@code model}); anything else
 * stays in the {@code openclaw} object verbatim.
 */
final class Settings {

    private Settings() {
    }

    /** Replays one entry's settings changes onto {@code overrides} (field → current JSON value). */
    static void replay(Map<String, JsonNode> overrides, ObjectNode entry) {
        if (!"settings".equals(entry.path("type").asText()) || !entry.path("changes").isObject()) {
            return;
        }
        entry.get("changes").fields().forEachRemaining(f -> {
            JsonNode now = f.getValue().get("new");
            if (now == null || now.isNull()) {
                overrides.remove(f.getKey());
            } else {
                overrides.put(f.getKey(), now);
            }
        });
    }

    /** The Parley overrides a sessions.json entry asks for; mapped source fields are removed from {@code rest}. */
    static ObjectNode fromSessionsJson(ObjectNode rest) {
        ObjectNode out = Json.object();
        take(rest, out, "thinkingLevel", "thinkingLevel", rest.get("thinkingLevel"));
        take(rest, out, "verboseLevel", "verboseLevel", rest.get("verboseLevel"));
        take(rest, out, "groupActivation", "groupActivation", rest.get("groupActivation"));
        take(rest, out, "sendPolicy", "sendPolicy", rest.get("sendPolicy"));
        take(rest, out, "ttsAuto", "ttsMode", rest.get("ttsAuto"));
        JsonNode elevated = rest.get("elevatedLevel");
        if (elevated != null && elevated.isTextual()) {
            String v = elevated.asText();
            JsonNode b = v.equals("off") ? Json.MAPPER.getNodeFactory().booleanNode(false)
                    : v.equals("on") || v.equals("full") ? Json.MAPPER.getNodeFactory().booleanNode(true) : null;
            take(rest, out, "elevatedLevel", "elevated", b);
        }
        JsonNode provider = rest.get("providerOverride");
        JsonNode model = rest.get("modelOverride");
        if (provider != null && provider.isTextual() && model != null && model.isTextual()
                && accepted("model", Json.MAPPER.getNodeFactory().textNode(provider.asText() + "/" + model.asText()))) {
            out.put("model", provider.asText() + "/" + model.asText());
            rest.remove(java.util.List.of("providerOverride", "modelOverride"));
        }
        return out;
    }

    /** The sessions.json fields for Parley's current overrides ({@code sessions.get} {@code overrides}). */
    static void toSessionsJson(JsonNode overrides, ObjectNode out) {
        copy(overrides, "thinkingLevel", out, "thinkingLevel");
        copy(overrides, "verboseLevel", out, "verboseLevel");
        copy(overrides, "groupActivation", out, "groupActivation");
        copy(overrides, "sendPolicy", out, "sendPolicy");
        copy(overrides, "ttsMode", out, "ttsAuto");
        if (overrides.path("elevated").isBoolean()) {
            out.put("elevatedLevel", overrides.get("elevated").asBoolean() ? "on" : "off");
        }
        String model = overrides.path("model").asText(null);
        if (model != null && model.indexOf('/') > 0) {
            out.put("providerOverride", model.substring(0, model.indexOf('/')));
            out.put("modelOverride", model.substring(model.indexOf('/') + 1));
        }
    }

    private static void copy(JsonNode from, String field, ObjectNode out, String as) {
        if (from.hasNonNull(field)) {
            out.set(as, from.get(field));
        }
    }

    private static void take(ObjectNode rest, ObjectNode out, String source, String field, JsonNode value) {
        if (value != null && !value.isNull() && accepted(field, value)) {
            out.set(field, value);
            rest.remove(source);
        }
    }

    private static boolean accepted(String field, JsonNode value) {
        try {
            Overrides.NONE.apply(Json.object().set(field, value));
            return true;
        } catch (ParleyException | IllegalArgumentException e) {
            return false;
        }
    }
}
