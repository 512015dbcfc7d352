package dev.parley.core.settings;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A setting value with a stable lower-case name on the wire (JSON, config, slash commands). */
public interface WireValue {
    /** The name used in JSON, configuration and slash commands, e.g. {@code "high"}. */
    String wire();

    /** The constant whose wire name equals {@code text} ignoring case and surrounding blanks. */
    static <E extends Enum<E> & WireValue> Optional<E> lookup(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(t)).findFirst();
    }

    /** Every wire name of {@code type}, in declaration order. */
    static <E extends Enum<E> & WireValue> List<String> names(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireValue::wire).toList();
    }
}
