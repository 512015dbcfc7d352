package dev.parley.core.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-session settings of SPEC §4, with their JSON name ({@link #wire()}, camelCase), their configuration
 * suffix ({@link #configKey()}, kebab-case, under {@code parley.defaults.} and {@code parley.agents.<id>.defaults.})
 * and the rules for their values. Values are typed: {@link String} for the model, {@link Boolean} for elevated,
 * the matching {@link WireValue} enum otherwise.
 */
public enum SettingField {
    MODEL("model", "model", "model", String.class),
    THINKING_LEVEL("thinkingLevel", "thinking-level", "thinking level", ThinkingLevel.class),
    VERBOSE_LEVEL("verboseLevel", "verbose-level", "verbose level", VerboseLevel.class),
    ELEVATED("elevated", "elevated", "elevated mode", Boolean.class),
    SEND_POLICY("sendPolicy", "send-policy", "send policy", SendPolicy.class),
    GROUP_ACTIVATION("groupActivation", "group-activation", "group activation", GroupActivation.class),
    TTS_MODE("ttsMode", "tts-mode", "TTS mode", TtsMode.class);

    /** {@code provider/model}: a lower-case provider, then a model name (which may hold further slashes). */
    private static final Pattern MODEL_ID =
            Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,191}");

    private final String wire;
    private final String configKey;
    private final String label;
    private final Class<?> valueType;

    SettingField(String wire, String configKey, String label, Class<?> valueType) {
        this.wire = wire;
        this.configKey = configKey;
        this.label = label;
        this.valueType = valueType;
    }

    /** The JSON field name, e.g. {@code thinkingLevel}. */
    public String wire() {
        return wire;
    }

    /** The configuration suffix, e.g. {@code thinking-level}. */
    public String configKey() {
        return configKey;
    }

    /** A human name for replies, e.g. {@code thinking level}. */
    public String label() {
        return label;
    }

    /** The field with this JSON name (case-sensitive, as JSON is). */
    public static Optional<SettingField> fromWire(String name) {
        for (SettingField f : values()) {
            if (f.wire.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /** The accepted wire values; empty for the model (free-form {@code provider/model}). */
    public List<String> allowedValues() {
        return switch (this) {
            case MODEL -> List.of();
            case ELEVATED -> List.of("on", "off");
            case THINKING_LEVEL -> WireValue.names(ThinkingLevel.class);
            case VERBOSE_LEVEL -> WireValue.names(VerboseLevel.class);
            case SEND_POLICY -> WireValue.names(SendPolicy.class);
            case GROUP_ACTIVATION -> WireValue.names(GroupActivation.class);
            case TTS_MODE -> WireValue.names(TtsMode.class);
        };
    }

    /**
     * Parses a value written as text (slash commands, configuration). Enum names are case-insensitive; on/off
     * settings also take {@code true/yes} and {@code false/no}.
     *
     * @throws IllegalArgumentException with a reply-ready message naming the allowed values
     */
    public Object parseText(String text) {
        String t = text == null ? "" : text.strip();
        Optional<?> value = switch (this) {
            case MODEL -> MODEL_ID.matcher(t).matches() ? Optional.of(t) : Optional.empty();
            case ELEVATED -> onOff(t);
            case VERBOSE_LEVEL -> onOff(t).map(on -> on ? VerboseLevel.ON : VerboseLevel.OFF);
            case THINKING_LEVEL -> WireValue.lookup(ThinkingLevel.class, t);
            case SEND_POLICY -> WireValue.lookup(SendPolicy.class, t);
            case GROUP_ACTIVATION -> WireValue.lookup(GroupActivation.class, t);
            case TTS_MODE -> WireValue.lookup(TtsMode.class, t);
        };
        return value.orElseThrow(() -> new IllegalArgumentException(invalidText(t)));
    }

    /**
     * Parses a JSON value ({@code sessions.patch}, the stored overrides): a string for every setting but
     * {@code elevated}, which is a JSON boolean.
     *
     * @throws IllegalArgumentException with a message naming the allowed values
     */
    public Object fromJson(JsonNode node) {
        if (this == ELEVATED) {
            if (node == null || !node.isBoolean()) {
                throw new IllegalArgumentException("elevated must be true or false");
            }
            return node.booleanValue();
        }
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(wire + " must be a string: " + describeAllowed());
        }
        return parseText(node.textValue());
    }

    /** The JSON form of a value of this field; {@code null} becomes JSON null. */
    public JsonNode toJson(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        Object v = requireType(value);
        if (v instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        return TextNode.valueOf(v instanceof WireValue w ? w.wire() : (String) v);
    }

    /** How a value reads in a reply: the wire name, {@code on/off} for booleans. */
    public String display(Object value) {
        Object v = requireType(value);
        if (v instanceof Boolean b) {
            return b ? "on" : "off";
        }
        return v instanceof WireValue w ? w.wire() : (String) v;
    }

    /** Checks that {@code value} is of this field's type (and a valid model id for the model). */
    Object requireType(Object value) {
        if (!valueType.isInstance(value)) {
            throw new IllegalArgumentException(wire + " takes a " + valueType.getSimpleName() + ", not " + value);
        }
        if (this == MODEL && !MODEL_ID.matcher((String) value).matches()) {
            throw new IllegalArgumentException(invalidText((String) value));
        }
        return value;
    }

    private String invalidText(String got) {
        if (this == MODEL) {
            return "Invalid model '" + got + "'. " + describeAllowed();
        }
        return "Unknown " + label + " '" + got + "'. " + describeAllowed();
    }

    /** What a valid value looks like, e.g. {@code Use one of: on, off.} */
    String describeAllowed() {
        return this == MODEL ? "Use provider/model, e.g. anthropic/claude-opus-4-5."
                : "Use one of: " + String.join(", ", allowedValues()) + ".";
    }

    private static Optional<Boolean> onOff(String t) {
        return switch (t.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> Optional.of(true);
            case "off", "false", "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }
}
