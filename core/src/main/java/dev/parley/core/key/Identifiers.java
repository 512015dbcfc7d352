package dev.parley.core.key;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of the identifier part (SPEC §2). The canonical form is: decode every {@code %XX}
 * run as strict UTF-8, then re-encode exactly the characters of {@link #mustEncode} as upper-case
 * {@code %XX} of their UTF-8 bytes, and nothing else ({@code %2f} → {@code %2F}, {@code %41} → {@code A}).
 * No Unicode normalisation: {@code é} and {@code e}+U+0301 are different identifiers.
 */
final class Identifiers {
    static final int MAX_LENGTH = 256;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Identifiers() {}

    /**
     * The characters that appear in an identifier only percent-encoded: {@code : % / \}, whitespace
     * (Java whitespace and Unicode space separators) and control characters.
     */
    static boolean mustEncode(int cp) {
        return cp == ':' || cp == '%' || cp == '/' || cp == '\\' || Character.isWhitespace(cp)
                || Character.isSpaceChar(cp) || Character.getType(cp) == Character.CONTROL;
    }

    /** Encodes a raw peer id (the resolution path: Parley encodes, the client does not), then canonicalises. */
    static String encodeRaw(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key identifier is empty");
        }
        StringBuilder out = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); ) {
            int cp = codePoint(raw, i);
            if (mustEncode(cp)) {
                appendEscaped(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return canonical(out.toString());
    }

    /** Canonicalises an already-encoded identifier, enforcing every identifier rule of SPEC §2. */
    static String canonical(String encoded) {
        if (encoded == null || encoded.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key identifier is empty");
        }
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        while (i < encoded.length()) {
            if (encoded.charAt(i) == '%') {
                i = decodeRun(encoded, i, out);
                continue;
            }
            int cp = codePoint(encoded, i);
            if (cp == 0) {
                throw nul();
            }
            if (mustEncode(cp)) {
                throw new InvalidSessionKeyException("identifier.raw-char", String.format(
                        "session key identifier holds a raw U+%04X at index %d; percent-encode it", cp, i));
            }
            out.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return checkShape(out.toString());
    }

    private static String checkShape(String canonical) {
        if (canonical.equals(".") || canonical.equals("..")) {
            throw new InvalidSessionKeyException("identifier.dot",
                    "session key identifier may not be '" + canonical + "'");
        }
        int length = canonical.codePointCount(0, canonical.length());
        if (length > MAX_LENGTH) {
            throw new InvalidSessionKeyException("identifier.length", "session key identifier is " + length
                    + " characters long in canonical form; at most " + MAX_LENGTH + " are allowed");
        }
        return canonical;
    }

    /** Decodes the run of {@code %XX} escapes starting at {@code start}; returns the index after it. */
    private static int decodeRun(String s, int start, StringBuilder out) {
        int end = start;
        while (end < s.length() && s.charAt(end) == '%') {
            end += 3;
        }
        byte[] bytes = new byte[(end - start) / 3];
        boolean ascii = true;
        for (int k = 0; k < bytes.length; k++) {
            int at = start + 3 * k;
            int hi = hexValue(s, at + 1);
            int lo = hexValue(s, at + 2);
            if (hi < 0 || lo < 0) {
                throw badEscape("'%' at index " + at + " is not followed by two hex digits");
            }
            bytes[k] = (byte) (hi << 4 | lo);
            ascii &= bytes[k] >= 0;
        }
        String decoded = ascii ? new String(bytes, StandardCharsets.US_ASCII) : strictUtf8(bytes, start);
        decoded.codePoints().forEach(cp -> {
            if (cp == 0) {
                throw nul();
            }
            if (mustEncode(cp)) {
                appendEscaped(out, cp);
            } else {
                out.appendCodePoint(cp);
            }
        });
        return Math.min(end, s.length());
    }

    /** The value of the ASCII hex digit at {@code at}, or -1 (also past the end, and for non-ASCII digits). */
    private static int hexValue(String s, int at) {
        char c = at < s.length() ? s.charAt(at) : 0;
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            return (c | 0x20) - 'a' + 10;
        }
        return -1;
    }

    private static String strictUtf8(byte[] bytes, int at) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw badEscape("the escapes starting at index " + at + " do not decode as UTF-8");
        }
    }

    /** The code point at {@code i}; an unpaired surrogate cannot be encoded and is rejected. */
    private static int codePoint(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp <= Character.MAX_VALUE && Character.isSurrogate((char) cp)) {
            throw new InvalidSessionKeyException("identifier.raw-char",
                    "session key identifier holds an unpaired surrogate at index " + i);
        }
        return cp;
    }

    static void appendEscaped(StringBuilder out, int cp) {
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
    }

    private static InvalidSessionKeyException badEscape(String detail) {
        return new InvalidSessionKeyException("identifier.bad-escape", "session key identifier has a bad escape: "
                + detail);
    }

    private static InvalidSessionKeyException nul() {
        return new InvalidSessionKeyException("identifier.nul", "session key identifier may not contain NUL");
    }
}
