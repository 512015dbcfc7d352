package dev.parley.app.rest;

import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code {key}} path segment, percent-decoded exactly once (SPEC §11): a key's own {@code %2F} travels as
 * {@code %252F} and reaches core as {@code %2F}. Resources take the segment {@code @Encoded} because the
 * framework's decoding is not specified tightly enough to rely on; this decoder leaves {@code +} alone (it is a
 * path, not a form) and refuses a malformed escape or bytes that are not UTF-8.
 */
final class PathKey {

    private PathKey() {}

    static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                int hi = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw badEscape("the session key in the path has a malformed percent-escape");
                }
                bytes.write(hi * 16 + lo);
                i += 3;
            } else {
                byte[] utf8 = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badEscape("the session key in the path does not decode to UTF-8");
        }
    }

    private static ParleyException badEscape(String message) {
        return new ParleyException(ErrorCode.INVALID_SESSION_KEY, message, Map.of("rule", "identifier.bad-escape"));
    }
}
