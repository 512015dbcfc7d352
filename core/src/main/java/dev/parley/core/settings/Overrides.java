package dev.parley.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The settings one session overrides (SPEC §4); a null component is "not overridden" and falls through to the
 * agent and global defaults. Also used for the partial per-agent defaults. JSON form: only the present fields,
 * camelCase, e.g. {@code {"thinkingLevel":"high","elevated":true}}.
 */
public record Overrides(String model, ThinkingLevel thinkingLevel, VerboseLevel verboseLevel, Boolean elevated,
                        SendPolicy sendPolicy, GroupActivation groupActivation, TtsMode ttsMode) {

    /** Nothing overridden. */
    public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null);

    public Overrides {
        if (model != null) {
            SettingField.MODEL.requireType(model);
        }
    }

    /**
     * Reads a stored override object (the metadata's {@code overrides}). Every field is validated as for
     * {@link #apply(ObjectNode)}; JSON null means absent.
     *
     * @throws ParleyException {@code INVALID_PARAMS} with {@code data.field = "overrides.<field>"}
     */
    public static Overrides fromJson(ObjectNode json) {
        return NONE.apply(json, "overrides.").overrides();
    }

    /** The value of one field, or null when it is not overridden. */
    public Object get(SettingField field) {
        return switch (field) {
            case MODEL -> model;
            case THINKING_LEVEL -> thinkingLevel;
            case VERBOSE_LEVEL -> verboseLevel;
            case ELEVATED -> elevated;
            case SEND_POLICY -> sendPolicy;
            case GROUP_ACTIVATION -> groupActivation;
            case TTS_MODE -> ttsMode;
        };
    }

    /** A copy with one field set ({@code value} of the field's type) or cleared ({@code null}). */
    public Overrides with(SettingField field, Object value) {
        Map<SettingField, Object> v = asMap();
        if (value == null) {
            v.remove(field);
        } else {
            v.put(field, field.requireType(value));
        }
        return new Overrides((String) v.get(SettingField.MODEL), (ThinkingLevel) v.get(SettingField.THINKING_LEVEL),
                (VerboseLevel) v.get(SettingField.VERBOSE_LEVEL), (Boolean) v.get(SettingField.ELEVATED),
                (SendPolicy) v.get(SettingField.SEND_POLICY), (GroupActivation) v.get(SettingField.GROUP_ACTIVATION),
                (TtsMode) v.get(SettingField.TTS_MODE));
    }

    /** The present fields, in {@link SettingField} order (a fresh, mutable map). */
    public Map<SettingField, Object> asMap() {
        Map<SettingField, Object> out = new EnumMap<>(SettingField.class);
        for (SettingField f : SettingField.values()) {
            if (get(f) != null) {
                out.put(f, get(f));
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return asMap().isEmpty();
    }

    /** Only the present fields, camelCase. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        asMap().forEach((f, v) -> out.set(f.wire(), f.toJson(v)));
        return out;
    }

    /**
     * {@code sessions.patch}: applies every field of {@code updates} ({@code null} clears that override) after
     * validating them all, so an invalid update changes nothing.
     *
     * @throws ParleyException {@code INVALID_PARAMS} with {@code data.field = "updates.<field>"} for an unknown
     *         field or a bad value
     */
    public OverridesUpdate apply(ObjectNode updates) {
        if (updates == null) {
            throw ParleyException.invalidParams("updates", "updates must be an object");
        }
        return apply(updates, "updates.");
    }

    /** Applies parsed slash-command directives in order (a later one for the same field wins). */
    public OverridesUpdate apply(List<Directive> directives) {
        Overrides next = this;
        for (Directive d : directives) {
            next = next.with(d.field(), d.value());
        }
        return OverridesUpdate.between(this, next);
    }

    /** Clears every override (a reset that does not preserve settings). */
    public OverridesUpdate clearAll() {
        return OverridesUpdate.between(this, NONE);
    }

    private OverridesUpdate apply(ObjectNode updates, String fieldPrefix) {
        List<Map.Entry<SettingField, Object>> parsed = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = updates.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = fieldPrefix + e.getKey();
            SettingField field = SettingField.fromWire(e.getKey()).orElseThrow(() -> ParleyException.invalidParams(
                    at, "unknown setting '" + e.getKey() + "' (" + fieldNames() + ")"));
            try {
                Object value = e.getValue().isNull() ? null : field.fromJson(e.getValue());
                parsed.add(new SimpleEntry<>(field, value));
            } catch (IllegalArgumentException bad) {
                throw ParleyException.invalidParams(at, bad.getMessage());
            }
        }
        Overrides next = this;
        for (Map.Entry<SettingField, Object> p : parsed) {
            next = next.with(p.getKey(), p.getValue());
        }
        return OverridesUpdate.between(this, next);
    }

    private static String fieldNames() {
        return String.join(", ", Arrays.stream(SettingField.values()).map(SettingField::wire).toList());
    }
}
