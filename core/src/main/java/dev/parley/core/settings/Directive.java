package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

/**
 * One valid slash-command directive, e.g. {@code /think high} → {@code (THINKING_LEVEL, ThinkingLevel.HIGH)}.
 *
 * @param field the setting it changes
 * @param value the new value, of the field's type (never null: directives set, they do not clear)
 */
public record Directive(SettingField field, Object value) {
    public Directive {
        requireNonNull(field, "field is null");
        field.requireType(requireNonNull(value, "value is null"));
    }

    /** The acknowledgement, e.g. {@code Thinking level set to high.} or {@code Model set to anthropic/x.}. */
    public String acknowledgement() {
        String label = field.label();
        return Character.toUpperCase(label.charAt(0)) + label.substring(1) + " set to " + field.display(value) + ".";
    }
}
