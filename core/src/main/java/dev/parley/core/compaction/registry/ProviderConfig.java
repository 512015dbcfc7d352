package dev.parley.core.compaction.registry;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Reads a provider's configuration and the compaction timeouts out of the flat {@code parley.*} properties. */
final class ProviderConfig {
    static final String TIMEOUT_KEY = "parley.session.compaction.timeout";
    static final String PLUGINS_DIR_KEY = "parley.plugins.dir";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
    private static final String AGENTS = "parley.agents.";
    private static final String AGENT_TIMEOUT_SUFFIX = ".compaction.timeout";

    private ProviderConfig() {}

    /**
     * The keys under {@code parley.<kind>s.<name>.}, prefix stripped, overlaid by
     * {@code parley.agents.<agentId>.<kind>s.<name>.} when {@code agentId} is not null. Sorted, unmodifiable.
     */
    static Map<String, String> of(Map<String, String> all, ProviderKind kind, String name, String agentId) {
        Map<String, String> out = new TreeMap<>();
        copyUnder(all, "parley." + kind.configSegment + "." + name + ".", out);
        if (agentId != null) {
            copyUnder(all, AGENTS + agentId + "." + kind.configSegment + "." + name + ".", out);
        }
        return Collections.unmodifiableMap(out);
    }

    private static void copyUnder(Map<String, String> all, String prefix, Map<String, String> out) {
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (key.length() > prefix.length() && key.startsWith(prefix) && e.getValue() != null) {
                out.put(key.substring(prefix.length()), e.getValue());
            }
        }
    }

    /** The global timeout: {@code override} if set, else {@value #TIMEOUT_KEY}, else 120s. */
    static Duration globalTimeout(Map<String, String> all, Duration override) {
        if (override != null) {
            return requirePositive(TIMEOUT_KEY, override);
        }
        String raw = all.get(TIMEOUT_KEY);
        return raw == null ? DEFAULT_TIMEOUT : parseDuration(TIMEOUT_KEY, raw);
    }

    /** Every {@code parley.agents.<id>.compaction.timeout}, parsed (so a bad value fails startup). */
    static Map<String, Duration> agentTimeouts(Map<String, String> all) {
        Map<String, Duration> out = new TreeMap<>();
        for (Map.Entry<String, String> e : all.entrySet()) {
            String key = e.getKey();
            if (key.startsWith(AGENTS) && key.endsWith(AGENT_TIMEOUT_SUFFIX) && e.getValue() != null) {
                String agent = key.substring(AGENTS.length(), key.length() - AGENT_TIMEOUT_SUFFIX.length());
                if (!agent.isEmpty() && agent.indexOf('.') < 0) {
                    out.put(agent, parseDuration(key, e.getValue()));
                }
            }
        }
        return out;
    }

    /**
     * Quarkus duration syntax: a bare number is seconds; {@code 500ms}; {@code 10s}, {@code 5m}, {@code 2h};
     * {@code 1d}; or ISO-8601 ({@code PT2M}). Must be positive.
     *
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    static Duration parseDuration(String key, String raw) {
        String v = raw.strip();
        try {
            Duration d;
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                d = Duration.ofSeconds(Long.parseLong(v));
            } else if (v.endsWith("ms") && v.length() > 2 && v.substring(0, v.length() - 2).chars()
                    .allMatch(Character::isDigit)) {
                d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.startsWith("P") || v.startsWith("p")) {
                d = Duration.parse(v);
            } else if (v.endsWith("d") || v.endsWith("D")) {
                d = Duration.parse("P" + v.toUpperCase(Locale.ROOT));
            } else {
                d = Duration.parse("PT" + v);
            }
            return requirePositive(key, d);
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + " must be a duration such as 120s, 500ms, 5m or PT2M; got '"
                    + raw + "'", e);
        }
    }

    private static Duration requirePositive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration; got " + d);
        }
        return d;
    }
}
