package dev.parley.core.key;

import java.util.regex.Pattern;

/**
 * Validation and case-folding of the non-identifier parts of a key. Case-insensitive parts are folded
 * with {@link #asciiLower}, never {@code String.toLowerCase}: the latter maps the Kelvin sign to
 * {@code k} and friends, which would let two different inputs name one session.
 */
final class KeyParts {
    static final String AGENT_ID_RULE = "[a-z0-9][a-z0-9_-]{0,63}";
    static final String CHANNEL_RULE = "[a-z0-9][a-z0-9_-]{0,31}";
    static final String SUBAGENT_RULE = "[a-z0-9][a-z0-9-]{0,63}";
    static final String THREAD_RULE = "(topic|thread)[A-Za-z0-9._-]{1,128}";

    private static final Pattern AGENT_ID = Pattern.compile(AGENT_ID_RULE);
    private static final Pattern CHANNEL = Pattern.compile(CHANNEL_RULE);
    private static final Pattern SUBAGENT_ID = Pattern.compile(SUBAGENT_RULE);
    /** The prefix is matched ASCII-case-insensitively (it is written lower-case); {@code <x>} keeps case. */
    private static final Pattern THREAD = Pattern.compile("(?i:topic|thread)[A-Za-z0-9._-]{1,128}");

    private KeyParts() {}

    static String agentId(String value) {
        String folded = nonEmpty(value, "agent id");
        if (!AGENT_ID.matcher(folded).matches()) {
            throw new InvalidSessionKeyException("agentId.charset",
                    "session key agent id " + describe(value) + " must match " + AGENT_ID_RULE);
        }
        return folded;
    }

    static String channel(String value) {
        String folded = nonEmpty(value, "channel");
        if (!CHANNEL.matcher(folded).matches()) {
            throw new InvalidSessionKeyException("channel.charset",
                    "session key channel " + describe(value) + " must match " + CHANNEL_RULE);
        }
        if (folded.equals("main") || folded.equals("subagent")) {
            throw new InvalidSessionKeyException("channel.reserved",
                    "'" + folded + "' is reserved and cannot be used as a channel");
        }
        return folded;
    }

    /** Returns the folded account id, or null for an absent or explicit {@code default} account. */
    static String accountId(String value) {
        if (value == null) {
            return null;
        }
        String folded = nonEmpty(value, "account id");
        if (!AGENT_ID.matcher(folded).matches()) {
            throw new InvalidSessionKeyException("accountId.charset",
                    "session key account id " + describe(value) + " must match " + AGENT_ID_RULE);
        }
        if (isThreadShaped(folded)) {
            throw new InvalidSessionKeyException("accountId.thread-shaped", "session key account id "
                    + describe(value) + " looks like a thread part (" + THREAD_RULE + "), which would be ambiguous");
        }
        return folded.equals("default") ? null : folded;
    }

    /** Returns the thread part with its prefix lower-cased, or null when absent. */
    static String thread(String value, Scope scope) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key thread part is empty");
        }
        if (!isThreadShaped(value)) {
            throw new InvalidSessionKeyException("thread.charset",
                    "session key thread part " + describe(value) + " must match " + THREAD_RULE);
        }
        if (scope == Scope.THREAD) {
            throw new InvalidSessionKeyException("key.segments",
                    "a thread part is only allowed on dm and group keys, not on thread keys");
        }
        int prefix = value.regionMatches(true, 0, "topic", 0, 5) ? 5 : 6;
        return asciiLower(value.substring(0, prefix)) + value.substring(prefix);
    }

    static String subagentId(String value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key sub-agent id is empty");
        }
        if (!SUBAGENT_ID.matcher(value).matches()) {
            throw new InvalidSessionKeyException("subagent.charset",
                    "session key sub-agent id " + describe(value) + " must match " + SUBAGENT_RULE);
        }
        return value;
    }

    static boolean isThreadShaped(String value) {
        return THREAD.matcher(value).matches();
    }

    private static String nonEmpty(String value, String what) {
        if (value == null || value.isEmpty()) {
            throw new InvalidSessionKeyException("part.empty", "the session key " + what + " is empty");
        }
        return asciiLower(value);
    }

    /** Lower-cases A–Z only; every other character is left alone (and then rejected by the charsets). */
    static String asciiLower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = s.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] = (char) (chars[j] + ('a' - 'A'));
                    }
                }
                return new String(chars);
            }
        }
        return s;
    }

    /** Quotes client input for an error message: at most 48 code points, non-printables as {@code \\uXXXX}. */
    static String describe(String s) {
        StringBuilder out = new StringBuilder("'");
        int shown = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            if (shown++ == 48) {
                return out.append("…' (").append(s.codePointCount(0, s.length())).append(" characters)").toString();
            }
            int cp = s.codePointAt(i);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE
                    || Character.isSpaceChar(cp) && cp != ' ') {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        }
        return out.append('\'').toString();
    }
}
