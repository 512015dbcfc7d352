package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The settings defaults of SPEC §4 and §10.1, read once from the raw {@code parley.*} properties, and the
 * resolution chain session override → agent defaults ({@code parley.agents.<id>.defaults.*}) → global defaults
 * ({@code parley.defaults.*}) → built-in defaults. Also holds each agent's {@code elevated-allow-from} list.
 * Immutable and thread-safe.
 *
 * <p>Only the seven settings keys are read; other keys under {@code parley.defaults.} (such as
 * {@code context-window}, SPEC §5) belong to other parts and are ignored here.
 */
public final class SettingsResolver {
    private static final Pattern AGENT_KEY =
            Pattern.compile("parley\\.agents\\.([a-z0-9][a-z0-9_-]{0,63})\\.(defaults\\.(.+)|elevated-allow-from)");
    private static final String ANY_SENDER = "*";

    private final SessionSettings global;
    private final Map<String, Overrides> agentDefaults;
    private final Map<String, Set<String>> elevatedAllowFrom;

    private SettingsResolver(SessionSettings global, Map<String, Overrides> agentDefaults,
                             Map<String, Set<String>> elevatedAllowFrom) {
        this.global = global;
        this.agentDefaults = Map.copyOf(agentDefaults);
        this.elevatedAllowFrom = Map.copyOf(elevatedAllowFrom);
    }

    /**
     * Reads and validates the defaults.
     *
     * @param properties every {@code parley.*} property as text
     * @throws IllegalArgumentException naming the key and its allowed values when a value is invalid
     */
    public static SettingsResolver fromProperties(Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        Map<SettingField, Object> g = new EnumMap<>(SettingField.class);
        for (SettingField f : SettingField.values()) {
            g.put(f, SessionSettings.BUILT_IN.get(f));
            Object v = read(properties, "parley.defaults." + f.configKey(), f);
            if (v != null) {
                g.put(f, v);
            }
        }
        Map<String, Overrides> agents = new HashMap<>();
        Map<String, Set<String>> allow = new HashMap<>();
        for (String key : properties.keySet()) {
            Matcher m = AGENT_KEY.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String agent = m.group(1);
            if (m.group(3) == null) {
                allow.put(agent, senders(properties.get(key)));
                continue;
            }
            SettingField f = Arrays.stream(SettingField.values()).filter(x -> x.configKey().equals(m.group(3)))
                    .findFirst().orElse(null);
            Object v = f == null ? null : read(properties, key, f);
            if (v != null) {
                agents.put(agent, agents.getOrDefault(agent, Overrides.NONE).with(f, v));
            }
        }
        return new SettingsResolver(SessionSettings.from(g::get), agents, allow);
    }

    /** The global defaults ({@code parley.defaults.*} over the built-in ones). */
    public SessionSettings globalDefaults() {
        return global;
    }

    /** The fields an agent sets in {@code parley.agents.<id>.defaults.*} (none for an unconfigured agent). */
    public Overrides agentDefaults(String agentId) {
        return agentDefaults.getOrDefault(requireNonNull(agentId, "agentId is null"), Overrides.NONE);
    }

    /** The effective settings of a session of {@code agentId} with these overrides, and each value's source. */
    public ResolvedSettings resolve(String agentId, Overrides overrides) {
        requireNonNull(overrides, "overrides is null");
        Overrides agent = agentDefaults(agentId);
        Map<SettingField, Object> values = new EnumMap<>(SettingField.class);
        Map<SettingField, ResolvedSettings.Source> sources = new EnumMap<>(SettingField.class);
        for (SettingField f : SettingField.values()) {
            if (overrides.get(f) != null) {
                values.put(f, overrides.get(f));
                sources.put(f, ResolvedSettings.Source.SESSION);
            } else if (agent.get(f) != null) {
                values.put(f, agent.get(f));
                sources.put(f, ResolvedSettings.Source.AGENT);
            } else {
                values.put(f, global.get(f));
                sources.put(f, ResolvedSettings.Source.GLOBAL);
            }
        }
        return new ResolvedSettings(SessionSettings.from(values::get), sources);
    }

    /**
     * Whether {@code senderId} may turn elevated mode on for {@code agentId}'s sessions: it must be listed in
     * {@code parley.agents.<id>.elevated-allow-from} (comma-separated sender ids; {@code *} allows everyone).
     * No list, or no sender, means no.
     */
    public boolean elevatedAllowed(String agentId, String senderId) {
        Set<String> allowed = elevatedAllowFrom.getOrDefault(requireNonNull(agentId, "agentId is null"), Set.of());
        return allowed.contains(ANY_SENDER) || senderId != null && allowed.contains(senderId);
    }

    private static Object read(Map<String, String> p, String key, SettingField field) {
        String raw = p.get(key);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return field.parseText(raw);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static Set<String> senders(String raw) {
        if (raw == null) {
            return Set.of();
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
