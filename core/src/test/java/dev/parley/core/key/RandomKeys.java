package dev.parley.core.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded generators of key parts, shared by the randomised key and stem tests. */
final class RandomKeys {
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String THREAD_X = "ABCXYZabcxyz0189._-";
    /** Pools the raw peer ids draw from: plain, must-encode, unicode (incl. combining and astral), escape-like. */
    private static final String[] ID_POOLS = {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        "+=@.,-_~!$&'()*;",
        ":%/\\ \t\n\r\u000b\u001f\u007f\u0085\u00a0\u2003\u2028\u3000",
        "éüßçñ中文字Ωж\u0301\ufeff\u200b",
        "😀🎉𝄞🇫🇷",
    };

    private final Random random;

    RandomKeys(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    String agentId() {
        return part(LOWER, "_-", 1 + skewed(63));
    }

    String channel() {
        String channel;
        do {
            channel = part(LOWER, "_-", 1 + skewed(31));
        } while (channel.equals("main") || channel.equals("subagent"));
        return channel;
    }

    Scope scope() {
        return Scope.values()[random.nextInt(3)];
    }

    /** Null (default account) half the time, sometimes an explicit {@code default}. */
    String accountId() {
        int pick = random.nextInt(10);
        if (pick < 5) {
            return null;
        }
        if (pick == 5) {
            return "default";
        }
        String account;
        do {
            account = part(LOWER, "_-", 1 + skewed(63));
        } while (KeyParts.isThreadShaped(account));
        return account;
    }

    /**
     * A raw peer id, never "." or ".." and without NUL; one in five is thread-shaped. Up to 28 code
     * points, so even fully encoded (at most 9 chars each) it stays within the 256 limit.
     */
    String rawPeerId() {
        int maxLength = 28;
        if (random.nextInt(5) == 0) {
            return (random.nextBoolean() ? "thread" : random.nextBoolean() ? "topic" : "Thread") + threadX(20);
        }
        StringBuilder id = new StringBuilder();
        int length = 1 + skewed(maxLength - 1);
        for (int i = 0; i < length; i++) {
            String pool = ID_POOLS[random.nextInt(ID_POOLS.length)];
            int at = random.nextInt(pool.codePointCount(0, pool.length()));
            id.appendCodePoint(pool.codePointAt(pool.offsetByCodePoints(0, at)));
        }
        String s = id.toString();
        return s.equals(".") || s.equals("..") ? s + "x" : s;
    }

    /** A thread part with a random-case prefix, or null. */
    String thread(Scope scope) {
        if (scope == Scope.THREAD || random.nextBoolean()) {
            return null;
        }
        String prefix = random.nextBoolean() ? "thread" : "topic";
        return randomCase(prefix) + threadX(40);
    }

    String threadX(int max) {
        StringBuilder x = new StringBuilder();
        int length = 1 + random.nextInt(max);
        for (int i = 0; i < length; i++) {
            x.append(THREAD_X.charAt(random.nextInt(THREAD_X.length())));
        }
        return x.toString();
    }

    SessionKey key() {
        return switch (random.nextInt(10)) {
            case 0 -> SessionKey.main(agentId());
            case 1 -> SessionKey.subagent(agentId(), part(LOWER, "-", 1 + skewed(63)));
            default -> {
                Scope scope = scope();
                yield SessionKey.peer(agentId(), channel(), scope, accountId(), rawPeerId(), thread(scope));
            }
        };
    }

    String randomCase(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    /** Short lengths are the common case, long ones still occur. */
    int skewed(int max) {
        return random.nextInt(4) == 0 ? random.nextInt(max + 1) : random.nextInt(Math.min(max, 12) + 1);
    }

    private String part(String first, String extra, int length) {
        StringBuilder out = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        String rest = first + extra;
        for (int i = 1; i < length; i++) {
            out.append(rest.charAt(random.nextInt(rest.length())));
        }
        return out.toString();
    }

    /** Inverse of percent-encoding: {@code %XX} runs decoded as UTF-8 (never '+' → space). */
    static String percentDecode(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); ) {
            if (s.charAt(i) == '%') {
                bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
