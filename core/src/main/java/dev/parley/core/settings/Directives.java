package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parses the slash commands of SPEC §4 at the start of an inbound message. Names are case-insensitive:
 * {@code /model <provider/model>}, {@code /think} ({@code /thinking}, {@code /t}) {@code <level>}, {@code /verbose}
 * ({@code /v}) {@code on|off}, {@code /elevated} ({@code /elev}) {@code on|off}, {@code /tts <mode>},
 * {@code /activation mention|always}, {@code /send skip|announce|reply}; the value follows on the same line after
 * blanks or a colon ({@code /think:high}). Only leading directives count, separated by any whitespace; the first
 * word that is not a known directive ({@code /tmp/x}, {@code /hello}, plain text) ends them and is kept as text.
 * Session commands ({@code /reset}, {@code /new}, {@code /compact}) are found by {@link #sessionCommand(String)}.
 */
public final class Directives {
    private static final Map<String, SettingField> NAMES = Map.ofEntries(
            Map.entry("model", SettingField.MODEL),
            Map.entry("think", SettingField.THINKING_LEVEL),
            Map.entry("thinking", SettingField.THINKING_LEVEL),
            Map.entry("t", SettingField.THINKING_LEVEL),
            Map.entry("verbose", SettingField.VERBOSE_LEVEL),
            Map.entry("v", SettingField.VERBOSE_LEVEL),
            Map.entry("elevated", SettingField.ELEVATED),
            Map.entry("elev", SettingField.ELEVATED),
            Map.entry("tts", SettingField.TTS_MODE),
            Map.entry("activation", SettingField.GROUP_ACTIVATION),
            Map.entry("send", SettingField.SEND_POLICY));
    private static final Map<String, SessionCommand.Kind> COMMANDS = Map.of(
            "reset", SessionCommand.Kind.RESET, "new", SessionCommand.Kind.NEW,
            "compact", SessionCommand.Kind.COMPACT);

    /** The reply when a sender outside {@code elevated-allow-from} sends {@code /elevated on}. */
    public static final String ELEVATED_REFUSED =
            "Elevated mode is not allowed for you. Ask an operator to add you to elevated-allow-from.";

    private Directives() {}

    /**
     * Parses the leading directives, refusing {@code /elevated on} (the safe default); use
     * {@link #parse(String, boolean)} when the sender's permission is known.
     */
    public static ParsedDirectives parse(String text) {
        return parse(text, false);
    }

    /**
     * Parses the leading directives of {@code text}. An invalid or missing value, or {@code /elevated on} when
     * {@code senderMayElevate} is false, yields an error result that changes nothing.
     *
     * @param senderMayElevate {@link SettingsResolver#elevatedAllowed(String, String)} for the message's sender
     */
    public static ParsedDirectives parse(String text, boolean senderMayElevate) {
        requireNonNull(text, "text is null");
        List<Directive> found = new ArrayList<>();
        int pos = skipWhitespace(text, 0);
        int end = 0;
        while (pos < text.length() && text.charAt(pos) == '/') {
            int nameEnd = wordEnd(text, pos + 1);
            SettingField field = NAMES.get(text.substring(pos + 1, nameEnd).toLowerCase(Locale.ROOT));
            if (field == null || !endsName(text, nameEnd)) {
                break; // plain text from here on
            }
            int valueStart = valueStart(text, nameEnd);
            int valueEnd = tokenEnd(text, valueStart);
            String value = text.substring(valueStart, valueEnd);
            if (value.isEmpty()) {
                return ParsedDirectives.failed(text, "Missing " + field.label() + " after "
                        + text.substring(pos, nameEnd) + ". " + field.describeAllowed());
            }
            try {
                found.add(new Directive(field, field.parseText(value)));
            } catch (IllegalArgumentException e) {
                return ParsedDirectives.failed(text, e.getMessage());
            }
            pos = skipWhitespace(text, valueEnd);
            end = pos;
        }
        if (found.isEmpty()) {
            return new ParsedDirectives(List.of(), text, false, null);
        }
        if (!senderMayElevate && turnsElevatedOn(found)) {
            return ParsedDirectives.failed(text, ELEVATED_REFUSED);
        }
        String rest = text.substring(end);
        return new ParsedDirectives(found, rest, rest.isBlank(), null);
    }

    /**
     * The session command the message starts with (after leading whitespace): {@code /reset}, {@code /new [text]}
     * or {@code /compact [instructions]}, names case-insensitive; empty when it starts with anything else.
     */
    public static Optional<SessionCommand> sessionCommand(String text) {
        requireNonNull(text, "text is null");
        int pos = skipWhitespace(text, 0);
        if (pos >= text.length() || text.charAt(pos) != '/') {
            return Optional.empty();
        }
        int nameEnd = wordEnd(text, pos + 1);
        SessionCommand.Kind kind = COMMANDS.get(text.substring(pos + 1, nameEnd).toLowerCase(Locale.ROOT));
        if (kind == null || nameEnd < text.length() && !Character.isWhitespace(text.charAt(nameEnd))) {
            return Optional.empty();
        }
        return Optional.of(new SessionCommand(kind, text.substring(nameEnd).strip()));
    }

    private static boolean turnsElevatedOn(List<Directive> directives) {
        return directives.stream().anyMatch(d -> d.field() == SettingField.ELEVATED && Boolean.TRUE.equals(d.value()));
    }

    /** After a directive name: the end of the text, whitespace or the colon of {@code /think:high}. */
    private static boolean endsName(String text, int i) {
        return i >= text.length() || Character.isWhitespace(text.charAt(i)) || text.charAt(i) == ':';
    }

    /** The value starts after an optional colon and blanks, on the same line (a newline means "no value"). */
    private static int valueStart(String text, int i) {
        if (i < text.length() && text.charAt(i) == ':') {
            i++;
        }
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static int wordEnd(String text, int i) {
        while (i < text.length() && isAsciiLetter(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int tokenEnd(String text, int i) {
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
