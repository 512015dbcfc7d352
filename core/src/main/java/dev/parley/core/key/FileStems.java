package dev.parley.core.key;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * File stems (SPEC §3): the name, without extension, of every file that belongs to one session.
 *
 * <p>The stem is the canonical key with {@code :} written as {@code _}; {@code _}, {@code %} and every
 * byte outside {@code [A-Za-z0-9+=@.,-]} written as {@code %XX} (upper-case hex) of the key's UTF-8
 * bytes; and a leading {@code .} written as {@code %2E}. That makes the mapping reversible, hence
 * injective, and the result a single safe path component: no {@code /}, no NUL, never {@code .} or
 * {@code ..}, never hidden. A stem over {@value #MAX_BYTES} bytes is cut to at most that many (never
 * inside an escape) and suffixed with {@code ~} and the first 16 lower-case hex digits of the SHA-256
 * of the whole uncut stem, so it stays at most 217 bytes and leaves room for suffixes such as
 * {@code .<epochMs>.meta.json} under the common 255-byte name limit. {@code ~} never occurs in an
 * uncut stem, so cut and uncut stems cannot collide.
 *
 * <p>Stems are case-sensitive, like identifiers ({@code U12345} ≠ {@code u12345}): the state dir must
 * live on a case-sensitive file system.
 */
public final class FileStems {
    /** The longest stem kept whole, in bytes (stems are ASCII). */
    public static final int MAX_BYTES = 200;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FileStems() {}

    public static String stem(SessionKey key) {
        Objects.requireNonNull(key, "key is null");
        return encode(key.format());
    }

    /**
     * The stem of a key given in canonical form. A non-canonical spelling is refused rather than given
     * a second stem, which would split one session over two files.
     *
     * @throws InvalidSessionKeyException when the string is not a valid key
     * @throws IllegalArgumentException when it is valid but not canonical (e.g. {@code main}, {@code %2f})
     */
    public static String stem(String canonicalKey) {
        Objects.requireNonNull(canonicalKey, "canonicalKey is null");
        String canonical = SessionKey.parse(canonicalKey, "main").format();
        if (!canonical.equals(canonicalKey)) {
            throw new IllegalArgumentException("not a canonical session key: " + KeyParts.describe(canonicalKey)
                    + " (canonical: " + canonical + ")");
        }
        return encode(canonicalKey);
    }

    /** The stem of any text without unpaired surrogates (for keys, see {@link #stem(SessionKey)}). */
    static String encode(String text) {
        String escaped = escape(text);
        return escaped.length() > MAX_BYTES ? cut(escaped) : escaped;
    }

    /** The reversible part of the encoding, before any cut. */
    static String escape(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 16);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xFF;
            if (b == ':') {
                out.append('_');
            } else if (isPlain(b) && !(i == 0 && b == '.')) {
                out.append((char) b);
            } else {
                out.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isPlain(int b) {
        return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9'
                || b == '+' || b == '=' || b == '@' || b == '.' || b == ',' || b == '-';
    }

    private static String cut(String stem) {
        int end = MAX_BYTES;
        if (stem.charAt(end - 1) == '%') {
            end -= 1;
        } else if (stem.charAt(end - 2) == '%') {
            end -= 2;
        }
        return stem.substring(0, end) + '~' + HexFormat.of().formatHex(sha256(stem), 0, 8);
    }

    private static byte[] sha256(String stem) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(stem.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
