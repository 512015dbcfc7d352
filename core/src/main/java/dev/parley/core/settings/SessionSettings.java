package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.json.Json;
import java.util.function.Function;

/**
 * The effective settings of one session (SPEC §4), after the resolution chain. Every field has a value except
 * {@code model}, which is null when neither the session, its agent nor the global defaults name one.
 */
public record SessionSettings(String model, ThinkingLevel thinkingLevel, VerboseLevel verboseLevel,
                              boolean elevated, SendPolicy sendPolicy, GroupActivation groupActivation,
                              TtsMode ttsMode) {

    /** The built-in defaults: no model, thinking off, verbose off, not elevated, announce, mention, TTS off. */
    public static final SessionSettings BUILT_IN = new SessionSettings(null, ThinkingLevel.OFF, VerboseLevel.OFF,
            false, SendPolicy.ANNOUNCE, GroupActivation.MENTION, TtsMode.OFF);

    public SessionSettings {
        if (model != null) {
            SettingField.MODEL.requireType(model);
        }
        requireNonNull(thinkingLevel, "thinkingLevel is null");
        requireNonNull(verboseLevel, "verboseLevel is null");
        requireNonNull(sendPolicy, "sendPolicy is null");
        requireNonNull(groupActivation, "groupActivation is null");
        requireNonNull(ttsMode, "ttsMode is null");
    }

    /** Builds settings from one value per field ({@code model} may be null). */
    static SessionSettings from(Function<SettingField, Object> values) {
        return new SessionSettings((String) values.apply(SettingField.MODEL),
                (ThinkingLevel) values.apply(SettingField.THINKING_LEVEL),
                (VerboseLevel) values.apply(SettingField.VERBOSE_LEVEL),
                (Boolean) values.apply(SettingField.ELEVATED),
                (SendPolicy) values.apply(SettingField.SEND_POLICY),
                (GroupActivation) values.apply(SettingField.GROUP_ACTIVATION),
                (TtsMode) values.apply(SettingField.TTS_MODE));
    }

    /** The value of one field, typed as {@link SettingField} describes. */
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

    /** {@code {"model":…|null, "thinkingLevel":"off", …, "elevated":false, …}} — every field, camelCase. */
    public ObjectNode toJson() {
        ObjectNode out = Json.object();
        for (SettingField f : SettingField.values()) {
            out.set(f.wire(), f.toJson(get(f)));
        }
        return out;
    }
}
