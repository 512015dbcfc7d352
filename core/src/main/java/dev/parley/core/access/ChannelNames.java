package dev.parley.core.access;

import dev.parley.core.error.ParleyException;
import java.util.regex.Pattern;

/** The channel-name rule of SPEC §2, checked before a channel name becomes part of a file name. */
final class ChannelNames {
    static final Pattern PATTERN = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    private ChannelNames() {}

    static boolean isValid(String channel) {
        return channel != null && PATTERN.matcher(channel).matches();
    }

    /** @throws IllegalArgumentException for a name outside {@code [a-z0-9][a-z0-9_-]{0,31}} */
    static String require(String channel) {
        if (!isValid(channel)) {
            throw new IllegalArgumentException("channel must match " + PATTERN + ": " + describe(channel));
        }
        return channel;
    }

    /** Client input: ASCII-lower-cased, then checked; bad input is {@code INVALID_PARAMS}, field {@code channel}. */
    static String canonical(String channel) {
        String lower = channel == null ? null : asciiLower(channel.strip());
        if (!isValid(lower)) {
            throw ParleyException.invalidParams("channel", "channel must match " + PATTERN + " (case-insensitive); got "
                    + describe(channel));
        }
        return lower;
    }

    static String asciiLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.chars().forEach(c -> out.append((char) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c)));
        return out.toString();
    }

    private static String describe(String s) {
        if (s == null) {
            return "null";
        }
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
