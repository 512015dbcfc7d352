package dev.parley.core.reset;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The configured reset policies (SPEC §7), read once from the raw {@code parley.*} properties:
 * <ul>
 *   <li>global {@code parley.session.reset.<field>} (defaults: daily, 72, 04:00, 05:00, the system zone, true, true),
 *   <li>per agent {@code parley.agents.<id>.reset.<field>},
 *   <li>per type {@code parley.session.reset.by-type.<dm|group|thread>.<field>},
 *   <li>per channel {@code parley.session.reset.by-channel.<channel>.<field>},
 * </ul>
 * where {@code <field>} is one of {@code mode, idle-hours, daily-window.start, daily-window.end, timezone,
 * preserve-settings, notify-user}. Each field resolves on its own: channel → type → agent → global. A blank value
 * counts as unset. Every key and every reachable combination is checked here, so a bad configuration fails startup
 * with an {@link IllegalArgumentException} naming the key and the allowed values.
 */
public final class ResetPolicies {
    /** The prefix of the global keys. */
    public static final String GLOBAL = "parley.session.reset.";
    private static final String BY_TYPE = GLOBAL + "by-type.";
    private static final String BY_CHANNEL = GLOBAL + "by-channel.";
    private static final String AGENTS = "parley.agents.";
    private static final Set<String> TYPES = Set.of("dm", "group", "thread");

    /** One configured value and the key it came from (for error messages). */
    private record Setting(String key, Object value) {}

    private final ZoneId defaultZone;
    private final Map<ResetField, Setting> global = new EnumMap<>(ResetField.class);
    private final Map<String, Map<ResetField, Setting>> byAgent = new TreeMap<>();
    private final Map<String, Map<ResetField, Setting>> byType = new TreeMap<>();
    private final Map<String, Map<ResetField, Setting>> byChannel = new TreeMap<>();

    /**
     * A resolved policy and, for every field (by its JSON name: {@code mode, idleHours, dailyWindowStart,
     * dailyWindowEnd, timezone, preserveSettings, notifyUser}), the layer it came from: {@code channel}, {@code type},
     * {@code agent} or {@code global} (defaults count as global).
     */
    public record Resolved(ResetPolicy policy, Map<String, String> sources) {
        public Resolved {
            requireNonNull(policy, "policy is null");
            sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        }
    }

    private ResetPolicies(ZoneId defaultZone) {
        this.defaultZone = requireNonNull(defaultZone, "defaultZone is null");
    }

    /** Reads the policies; the default time zone is {@link ZoneId#systemDefault()}. */
    public static ResetPolicies from(Map<String, String> props) {
        return from(props, ZoneId.systemDefault());
    }

    /** Reads the policies with {@code defaultZone} standing in for an unset or empty {@code timezone}. */
    public static ResetPolicies from(Map<String, String> props, ZoneId defaultZone) {
        ResetPolicies p = new ResetPolicies(defaultZone);
        new TreeMap<>(props).forEach(p::read);
        p.checkEveryCombination();
        return p;
    }

    /**
     * The policy for a session of {@code agentId} on {@code channel} (null for main and sub-agent keys) whose type
     * is {@code dm}, {@code group} or {@code thread}. Agent and channel match case-insensitively.
     *
     * @throws IllegalArgumentException for an unknown type
     */
    public Resolved policyFor(String agentId, String channel, String type) {
        requireNonNull(type, "type is null");
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("session type '" + type + "' is not one of dm, group, thread");
        }
        List<Map.Entry<String, Map<ResetField, Setting>>> layers = new ArrayList<>(4);
        if (channel != null) {
            layers.add(Map.entry("channel", byChannel.getOrDefault(lower(channel), Map.of())));
        }
        layers.add(Map.entry("type", byType.getOrDefault(type, Map.of())));
        if (agentId != null) {
            layers.add(Map.entry("agent", byAgent.getOrDefault(lower(agentId), Map.of())));
        }
        layers.add(Map.entry("global", global));
        return resolve(layers);
    }

    private Resolved resolve(List<Map.Entry<String, Map<ResetField, Setting>>> layers) {
        Map<ResetField, Setting> chosen = new EnumMap<>(ResetField.class);
        Map<String, String> sources = new LinkedHashMap<>();
        for (ResetField f : ResetField.values()) {
            for (var layer : layers) {
                Setting s = layer.getValue().get(f);
                if (s != null || layer.getKey().equals("global")) {
                    chosen.put(f, s);
                    sources.put(f.jsonName, layer.getKey());
                    break;
                }
            }
        }
        return new Resolved(build(chosen), sources);
    }

    private ResetPolicy build(Map<ResetField, Setting> c) {
        try {
            return new ResetPolicy(
                    (ResetMode) value(c, ResetField.MODE, ResetMode.DAILY),
                    (Double) value(c, ResetField.IDLE_HOURS, ResetPolicy.DEFAULT_IDLE_HOURS),
                    (LocalTime) value(c, ResetField.DAILY_WINDOW_START, ResetPolicy.DEFAULT_WINDOW_START),
                    (LocalTime) value(c, ResetField.DAILY_WINDOW_END, ResetPolicy.DEFAULT_WINDOW_END),
                    (ZoneId) value(c, ResetField.TIMEZONE, defaultZone),
                    (Boolean) value(c, ResetField.PRESERVE_SETTINGS, true),
                    (Boolean) value(c, ResetField.NOTIFY_USER, true));
        } catch (IllegalArgumentException e) {
            // The only combined rule: the window's start and end must differ.
            throw new IllegalArgumentException(keyOf(c, ResetField.DAILY_WINDOW_START) + " and "
                    + keyOf(c, ResetField.DAILY_WINDOW_END) + ": " + e.getMessage()
                    + " (a window is HH:mm to a different HH:mm; an end before the start spans midnight)", e);
        }
    }

    private static Object value(Map<ResetField, Setting> chosen, ResetField f, Object dflt) {
        Setting s = chosen.get(f);
        return s == null ? dflt : s.value();
    }

    private static String keyOf(Map<ResetField, Setting> chosen, ResetField f) {
        Setting s = chosen.get(f);
        return s == null ? GLOBAL + f.suffix + " (default)" : s.key();
    }

    private void read(String key, String raw) {
        if (raw == null || raw.isBlank()) {
            return;
        }
        if (key.startsWith(BY_TYPE)) {
            String type = head(key, BY_TYPE);
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException(key + ": session type '" + type + "' is not one of dm, group, thread");
            }
            put(byType.computeIfAbsent(type, t -> new EnumMap<>(ResetField.class)), key, tail(key, BY_TYPE), raw);
        } else if (key.startsWith(BY_CHANNEL)) {
            String channel = lower(head(key, BY_CHANNEL));
            put(byChannel.computeIfAbsent(channel, c -> new EnumMap<>(ResetField.class)), key,
                    tail(key, BY_CHANNEL), raw);
        } else if (key.startsWith(GLOBAL)) {
            put(global, key, key.substring(GLOBAL.length()), raw);
        } else if (key.startsWith(AGENTS) && isAgentReset(tail(key, AGENTS))) {
            String agent = lower(head(key, AGENTS));
            String t = tail(key, AGENTS);
            put(byAgent.computeIfAbsent(agent, a -> new EnumMap<>(ResetField.class)), key,
                    t.length() > "reset.".length() ? t.substring("reset.".length()) : "", raw);
        }
    }

    private static boolean isAgentReset(String afterAgentId) {
        return afterAgentId.equals("reset") || afterAgentId.startsWith("reset.");
    }

    private static void put(Map<ResetField, Setting> layer, String key, String suffix, String raw) {
        for (ResetField f : ResetField.values()) {
            if (f.suffix.equals(suffix)) {
                layer.put(f, new Setting(key, f.parse(key, raw)));
                return;
            }
        }
        throw new IllegalArgumentException(key + ": unknown reset setting '" + suffix + "'; allowed: "
                + ResetField.allowedSuffixes() + " (by-type.<dm|group|thread>.<setting>, by-channel.<channel>.<setting>)");
    }

    /** The segment right after {@code prefix} (a type, channel or agent id). */
    private static String head(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException(key + ": expected " + prefix + "<name>.<setting>; settings: "
                    + ResetField.allowedSuffixes());
        }
        return rest.substring(0, dot);
    }

    /** What follows the segment after {@code prefix}. */
    private static String tail(String key, String prefix) {
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(dot + 1);
    }

    /** Resolves every configured (agent, type, channel) combination once, so a bad mix fails at startup. */
    private void checkEveryCombination() {
        List<String> agents = new ArrayList<>(byAgent.keySet());
        agents.add(null);
        List<String> channels = new ArrayList<>(byChannel.keySet());
        channels.add(null);
        for (String agent : agents) {
            for (String type : TYPES) {
                for (String channel : channels) {
                    policyFor(agent, channel, type);
                }
            }
        }
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
