package dev.parley.core.access;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The per-channel access rules read from the raw {@code parley.*} properties (SPEC §10.3):
 * <pre>
 * parley.channels.&lt;channel&gt;.dm-policy    open | allowlist | pairing | disabled   (default open)
 * parley.channels.&lt;channel&gt;.allow-from   comma-separated sender ids                (default none)
 * parley.channels.&lt;channel&gt;.group-policy open | allowlist | disabled              (default open)
 * parley.channels.&lt;channel&gt;.groups       comma-separated group ids                 (default none)
 * </pre>
 * Channel names match ASCII-case-insensitively (as in session keys); ids are matched exactly. Values are
 * trimmed, a blank value means the default. Any other key under {@code parley.channels.}, a channel name outside
 * {@code [a-z0-9][a-z0-9_-]{0,31}} (or {@code main}/{@code subagent}), the same setting given twice in different
 * case, or an unknown policy fails with an {@link IllegalArgumentException} naming the key and the allowed values.
 * Immutable.
 */
public final class AccessPolicies {
    static final String PREFIX = "parley.channels.";
    static final String DM_POLICY = "dm-policy";
    static final String ALLOW_FROM = "allow-from";
    static final String GROUP_POLICY = "group-policy";
    static final String GROUPS = "groups";
    private static final List<String> SETTINGS = List.of(DM_POLICY, ALLOW_FROM, GROUP_POLICY, GROUPS);

    private final Map<String, ChannelPolicy> channels;

    private AccessPolicies(Map<String, ChannelPolicy> channels) {
        this.channels = Map.copyOf(channels);
    }

    /** No configuration: every channel open. */
    public static AccessPolicies openToAll() {
        return new AccessPolicies(Map.of());
    }

    /**
     * @param properties every {@code parley.*} property (others are ignored)
     * @throws IllegalArgumentException naming the bad key and what it allows
     */
    public static AccessPolicies fromProperties(Map<String, String> properties) {
        Objects.requireNonNull(properties, "properties is null");
        Map<String, Map<String, String>> byChannel = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        properties.forEach((key, value) -> {
            if (key != null && key.startsWith(PREFIX)) {
                String[] parts = channelAndSetting(key);
                String previous = origin.put(parts[0] + "." + parts[1], key);
                if (previous != null) {
                    throw new IllegalArgumentException(key + " and " + previous
                            + " set the same channel setting (channel names are case-insensitive)");
                }
                byChannel.computeIfAbsent(parts[0], c -> new HashMap<>()).put(parts[1], value);
            }
        });
        Map<String, ChannelPolicy> channels = new HashMap<>();
        byChannel.forEach((channel, settings) -> channels.put(channel, policy(channel, settings)));
        return new AccessPolicies(channels);
    }

    /** The rules of a canonical (lower-case) channel name; {@link ChannelPolicy#DEFAULT} when none are configured. */
    public ChannelPolicy forChannel(String channel) {
        return channels.getOrDefault(channel, ChannelPolicy.DEFAULT);
    }

    /** The channels with configuration, for logging at startup. */
    public Map<String, ChannelPolicy> configured() {
        return channels;
    }

    private static String[] channelAndSetting(String key) {
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        String setting = dot < 0 ? "" : rest.substring(dot + 1);
        if (dot < 0 || !SETTINGS.contains(setting)) {
            throw new IllegalArgumentException(key + " is not a channel setting; allowed: " + PREFIX
                    + "<channel>." + String.join("|", SETTINGS));
        }
        String channel = ChannelNames.asciiLower(rest.substring(0, dot));
        if (!ChannelNames.isValid(channel) || channel.equals("main") || channel.equals("subagent")) {
            throw new IllegalArgumentException(key + " names an invalid channel; channels match "
                    + ChannelNames.PATTERN + " except main and subagent");
        }
        return new String[] {channel, setting};
    }

    private static ChannelPolicy policy(String channel, Map<String, String> settings) {
        String base = PREFIX + channel + ".";
        DmPolicy dm = oneOf(base + DM_POLICY, settings.get(DM_POLICY), DmPolicy.values(), DmPolicy::wire,
                DmPolicy.OPEN);
        GroupPolicy group = oneOf(base + GROUP_POLICY, settings.get(GROUP_POLICY), GroupPolicy.values(),
                GroupPolicy::wire, GroupPolicy.OPEN);
        return new ChannelPolicy(dm, ids(settings.get(ALLOW_FROM)), group, ids(settings.get(GROUPS)));
    }

    private static <E> E oneOf(String key, String value, E[] values, Function<E, String> wire, E dflt) {
        if (value == null || value.isBlank()) {
            return dflt;
        }
        String wanted = value.strip();
        return Arrays.stream(values).filter(v -> wire.apply(v).equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(key + ": '" + value + "' is not one of "
                        + String.join(", ", Arrays.stream(values).map(wire).toList())));
    }

    private static Set<String> ids(String value) {
        Set<String> ids = new LinkedHashSet<>();
        if (value != null) {
            for (String id : value.split(",")) {
                if (!id.isBlank()) {
                    ids.add(id.strip());
                }
            }
        }
        return ids;
    }
}
