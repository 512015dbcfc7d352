package dev.parley.core.compaction;

import dev.parley.core.context.Props;
import java.time.Duration;
import java.util.Map;

/**
 * The compaction settings that apply to one agent (SPEC §6): {@code parley.session.compaction.*}, overridden by
 * {@code parley.agents.<id>.compaction.*}, plus the context settings of §5.
 */
public record CompactionConfig(boolean enabled, String mode, int keepRecentTurns, int summaryMaxTokens,
                               boolean adaptiveChunking, boolean safeguard, String summarizer, Duration timeout,
                               String manualStrategy, String estimator, int bufferTokens, int dmHistoryLimit,
                               Map<String, Integer> dmHistoryLimitByChannel, int maxHistoryLength) {

    private static final String G = "parley.session.compaction.";

    public CompactionConfig {
        dmHistoryLimitByChannel = Map.copyOf(dmHistoryLimitByChannel);
    }

    public static CompactionConfig resolve(Map<String, String> p, String agentId) {
        return new CompactionConfig(
                Props.bool(p, key(p, agentId, "enabled"), true),
                Props.oneOf(p, key(p, agentId, "mode"), "auto", null),
                (int) Props.longValue(p, key(p, agentId, "keep-recent-turns"), 10, 0),
                (int) Props.longValue(p, key(p, agentId, "summary-max-tokens"), 4000, 1),
                Props.bool(p, key(p, agentId, "adaptive-chunking"), true),
                Props.bool(p, key(p, agentId, "safeguard"), true),
                Props.oneOf(p, key(p, agentId, "summarizer"), "extractive", null),
                Props.duration(p, key(p, agentId, "timeout"), Duration.ofSeconds(120)),
                Props.oneOf(p, key(p, agentId, "manual-strategy"), "auto", null),
                Props.oneOf(p, Props.agentKey(p, agentId, "context.estimator", "parley.context.estimator"),
                        "heuristic", null),
                (int) Props.longValue(p, "parley.context.buffer-tokens", 2000, 0),
                (int) Props.longValue(p, "parley.session.dm-history-limit", 50, 0),
                byChannel(p),
                (int) Props.longValue(p, "parley.session.max-history-length", 0, 0));
    }

    private static String key(Map<String, String> p, String agentId, String field) {
        return Props.agentKey(p, agentId, "compaction." + field, G + field);
    }

    private static Map<String, Integer> byChannel(Map<String, String> p) {
        String prefix = "parley.session.dm-history-limit-by-channel.";
        Map<String, Integer> out = new java.util.HashMap<>();
        p.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), (int) Props.longValue(p, k, 50, 0));
            }
        });
        return out;
    }

    /** Max turns in a DM's view for this channel (0 = no limit). */
    public int dmLimit(String channel) {
        return channel == null ? dmHistoryLimit : dmHistoryLimitByChannel.getOrDefault(channel, dmHistoryLimit);
    }
}
