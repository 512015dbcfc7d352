package dev.parley.core.context;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of raw {@code parley.*} properties for the parts of core configured per agent or per model. Invalid
 * values fail with an {@link IllegalArgumentException} naming the key and the allowed values (startup fails).
 */
public final class Props {
    private Props() {}

    public static long longValue(Map<String, String> p, String key, long dflt, long min) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not an integer ≥ " + min);
        }
    }

    public static boolean bool(Map<String, String> p, String key, boolean dflt) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + v + "' is not one of true, false");
        };
    }

    public static String oneOf(Map<String, String> p, String key, String dflt, Set<String> allowed) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String t = v.trim();
        if (allowed != null && !allowed.contains(t)) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not one of " + allowed);
        }
        return t;
    }

    /** Quarkus-style durations: {@code 120s}, {@code 500ms}, {@code 5m}, {@code 2h}, or ISO-8601 {@code PT2M}. */
    public static Duration duration(Map<String, String> p, String key, Duration dflt) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("pt") || t.startsWith("p")) {
                return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> Duration.ofSeconds(Long.parseLong(t));
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a duration (e.g. 120s, 500ms, 5m)");
        }
    }

    /** The agent's value when set, else the global one: {@code parley.agents.<id>.<agentSuffix>} over {@code global}. */
    public static String agentKey(Map<String, String> p, String agentId, String agentSuffix, String global) {
        String k = "parley.agents." + agentId + "." + agentSuffix;
        return p.containsKey(k) ? k : global;
    }
}
