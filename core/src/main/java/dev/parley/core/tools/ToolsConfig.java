package dev.parley.core.tools;

import dev.parley.core.context.Props;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code parley.tools.*} settings (SPEC §9), read from the raw properties. Invalid values fail with an
 * {@link IllegalArgumentException} naming the key and the allowed values.
 *
 * @param visibility     {@code parley.tools.sessions.visibility} (default {@code tree})
 * @param agentToAgent   {@code parley.tools.agent-to-agent.enabled} (default false)
 * @param allow          {@code parley.tools.agent-to-agent.allow}: comma-separated globs with {@code *} and
 *                       {@code ?} (default none)
 * @param maxHops        {@code parley.tools.send.max-hops} (default 5)
 * @param maxDepth       {@code parley.tools.spawn.max-depth} (default 1)
 * @param maxChildren    {@code parley.tools.spawn.max-children} (default 5)
 */
public record ToolsConfig(Visibility visibility, boolean agentToAgent, List<String> allow, int maxHops,
                          int maxDepth, int maxChildren) {

    public static final String VISIBILITY = "parley.tools.sessions.visibility";
    public static final String A2A_ENABLED = "parley.tools.agent-to-agent.enabled";
    public static final String A2A_ALLOW = "parley.tools.agent-to-agent.allow";
    public static final String MAX_HOPS = "parley.tools.send.max-hops";
    public static final String MAX_DEPTH = "parley.tools.spawn.max-depth";
    public static final String MAX_CHILDREN = "parley.tools.spawn.max-children";

    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9_*?-]+");

    public ToolsConfig {
        java.util.Objects.requireNonNull(visibility, "visibility is null");
        allow = List.copyOf(allow);
        for (String glob : allow) {
            if (!GLOB.matcher(glob).matches()) {
                throw new IllegalArgumentException(A2A_ALLOW + ": '" + glob
                        + "' is not a glob of agent-id characters, '*' and '?'");
            }
        }
        if (maxHops < 0 || maxDepth < 0 || maxChildren < 0) {
            throw new IllegalArgumentException("parley.tools.*: limits must not be negative");
        }
    }

    /** The defaults of SPEC §9. */
    public static ToolsConfig defaults() {
        return fromProperties(Map.of());
    }

    public static ToolsConfig fromProperties(Map<String, String> p) {
        String vis = Props.oneOf(p, VISIBILITY, "tree", Arrays.stream(Visibility.values())
                .map(Visibility::wire).collect(Collectors.toCollection(java.util.TreeSet::new)));
        List<String> globs = Arrays.stream(p.getOrDefault(A2A_ALLOW, "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new ToolsConfig(Visibility.valueOf(vis.toUpperCase(Locale.ROOT)), Props.bool(p, A2A_ENABLED, false),
                globs, (int) Props.longValue(p, MAX_HOPS, 5, 0), (int) Props.longValue(p, MAX_DEPTH, 1, 0),
                (int) Props.longValue(p, MAX_CHILDREN, 5, 0));
    }

    /** Whether sessions of {@code a} and {@code b} (different agents) may see each other: all + enabled + globs. */
    public boolean agentsMayTalk(String a, String b) {
        return visibility == Visibility.ALL && agentToAgent && allowed(a) && allowed(b);
    }

    private boolean allowed(String agentId) {
        return allow.stream().anyMatch(glob -> matches(glob, agentId));
    }

    static boolean matches(String glob, String text) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return text.matches(re.toString());
    }
}
