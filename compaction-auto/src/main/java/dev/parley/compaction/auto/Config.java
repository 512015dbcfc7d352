package dev.parley.compaction.auto;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a provider's configuration map (keys with the {@code parley.<kind>.<name>.} prefix stripped). Every
 * bad value, and every unknown key (a typo would otherwise be ignored silently), is an
 * {@link IllegalArgumentException} naming the full key, the value and what is allowed; startup fails with it.
 */
final class Config {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)?");

    private final String prefix;
    private final Map<String, String> values;

    /** @param prefix e.g. {@code parley.summarizers.openai.}, used in messages only */
    Config(String prefix, Map<String, String> values, Set<String> known) {
        this.prefix = prefix;
        this.values = Map.copyOf(values);
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown configuration key " + prefix + key + "; known keys: "
                        + new TreeSet<>(known));
            }
        }
    }

    String string(String key, String def) {
        String v = values.get(key);
        return v == null ? def : v.strip();
    }

    double decimal(String key, double def, double min, double max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v.strip());
            if (d >= min && d <= max) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, v, "a number from " + min + " to " + max);
    }

    int integer(String key, int def, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i >= min && i <= max) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, v, "an integer from " + min + " to " + max);
    }

    /** Quarkus-style durations: {@code 60s}, {@code 500ms}, {@code 2m}, a bare number of seconds, or ISO-8601. */
    Duration duration(String key, Duration def) {
        String v = values.get(key);
        if (v == null) {
            return def;
        }
        Duration d = parseDuration(v.strip());
        if (d == null || d.isNegative() || d.isZero()) {
            throw bad(key, v, "a positive duration such as 60s, 500ms, 2m or PT1M");
        }
        return d;
    }

    static Duration parseDuration(String s) {
        Matcher m = DURATION.matcher(s.toLowerCase(Locale.ROOT));
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    IllegalArgumentException bad(String key, String value, String allowed) {
        return new IllegalArgumentException("invalid " + prefix + key + "=" + value + ": expected " + allowed);
    }
}
