package dev.parley.app.config;

import dev.parley.core.compaction.CompactionConfig;
import dev.parley.core.context.ModelCatalog;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Range checks the types of {@link ParleyConfig} cannot express. Every problem names its key and what is
 * allowed; all problems are reported at once so a misconfigured deployment fails once, not once per key.
 * Checks of values core owns (agent ids, channel names) stay in core.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    /** Throws a {@link ConfigurationException} listing every invalid key, else returns normally. */
    public static void validate(ParleyConfig config) {
        validate(config, Map.of());
    }

    /**
     * As {@link #validate(ParleyConfig)}, and also reads {@code properties} (the raw {@code parley.*} properties core
     * receives) with core's own parsers for the global settings, every configured agent and every configured model,
     * so a value core would refuse only when it first needs it fails startup instead.
     */
    public static void validate(ParleyConfig config, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        if (config.stateDir().toString().isBlank()) {
            problems.add("parley.state-dir: must not be empty");
        }
        if (config.defaultAgent().isBlank()) {
            problems.add("parley.default-agent: must not be empty");
        }
        config.bindings().forEach((channel, accounts) -> accounts.forEach((account, agent) -> {
            if (agent.isBlank()) {
                problems.add("parley.bindings." + channel + "." + account + ": must name an agent");
            }
        }));
        nonNegative(problems, "parley.session.lock.timeout", config.session().lock().timeout());
        positive(problems, "parley.session.queue.lease-duration", config.session().queue().leaseDuration());
        positive(problems, "parley.events.keep-alive", config.events().keepAlive());
        positive(problems, "parley.session.lock.stale-after", config.session().lock().staleAfter());
        positive(problems, "parley.reset.check-every", config.reset().checkEvery());
        positive(problems, "parley.storage.fsync-interval", config.storage().fsyncInterval());
        positive(problems, "parley.storage.metadata-flush", config.storage().metadataFlush());
        nonNegative(problems, "parley.storage.reopen-after", config.storage().reopenAfter());
        size(problems, "parley.limits.max-body", config.limits().maxBody());
        size(problems, "parley.limits.max-message", config.limits().maxMessage());
        compaction(problems, config);
        core(problems, config, properties);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Parley configuration:\n  " + String.join("\n  ", problems),
                    Set.copyOf(keysOf(problems)));
        }
    }

    private static void compaction(List<String> problems, ParleyConfig config) {
        ParleyConfig.Compaction c = config.session().compaction();
        String g = "parley.session.compaction.";
        name(problems, g + "mode", c.mode());
        name(problems, g + "summarizer", c.summarizer());
        name(problems, g + "manual-strategy", c.manualStrategy());
        atLeast(problems, g + "keep-recent-turns", c.keepRecentTurns(), 0);
        atLeast(problems, g + "summary-max-tokens", c.summaryMaxTokens(), 1);
        positive(problems, g + "timeout", c.timeout());
        atLeast(problems, "parley.session.dm-history-limit", config.session().dmHistoryLimit(), 0);
        config.session().dmHistoryLimitByChannel().forEach((channel, limit) ->
                atLeast(problems, "parley.session.dm-history-limit-by-channel." + channel, limit, 0));
        atLeast(problems, "parley.session.max-history-length", config.session().maxHistoryLength(), 0);
        atLeast(problems, "parley.context.buffer-tokens", config.context().bufferTokens(), 0);
        name(problems, "parley.context.estimator", config.context().estimator());
        atLeast(problems, "parley.defaults.context-window", config.defaults().contextWindow(), 1);
        atLeast(problems, "parley.defaults.max-output-tokens", config.defaults().maxOutputTokens(), 1);
        config.models().forEach((model, m) -> {
            String k = "parley.models.\"" + model + "\".";
            m.contextWindow().ifPresent(v -> atLeast(problems, k + "context-window", v, 1));
            m.maxOutputTokens().ifPresent(v -> atLeast(problems, k + "max-output-tokens", v, 1));
            m.estimator().ifPresent(v -> name(problems, k + "estimator", v));
        });
        config.agents().forEach((agent, a) -> {
            String k = "parley.agents." + agent + ".compaction.";
            ParleyConfig.AgentCompaction ac = a.compaction();
            ac.mode().ifPresent(v -> name(problems, k + "mode", v));
            ac.summarizer().ifPresent(v -> name(problems, k + "summarizer", v));
            ac.manualStrategy().ifPresent(v -> name(problems, k + "manual-strategy", v));
            ac.keepRecentTurns().ifPresent(v -> atLeast(problems, k + "keep-recent-turns", v, 0));
            ac.summaryMaxTokens().ifPresent(v -> atLeast(problems, k + "summary-max-tokens", v, 1));
            ac.timeout().ifPresent(v -> positive(problems, k + "timeout", v));
            a.context().estimator().ifPresent(v -> name(problems, "parley.agents." + agent + ".context.estimator", v));
        });
    }

    /**
     * Core's parsers over the raw properties: the global settings (read for an agent id no key can name), each
     * configured agent's, and each configured model's. Each problem names its key already.
     */
    private static void core(List<String> problems, ParleyConfig config, Map<String, String> properties) {
        if (properties.isEmpty()) {
            return;
        }
        List<String> agents = new ArrayList<>(config.agents().keySet());
        agents.add(""); // "parley.agents..compaction.x" is never a key: the global settings alone
        for (String agent : agents) {
            coreProblem(problems, () -> CompactionConfig.resolve(properties, agent));
        }
        Optional<ModelCatalog> catalog = coreProblem(problems, () -> new ModelCatalog(properties));
        catalog.ifPresent(cat -> config.models().keySet()
                .forEach(model -> coreProblem(problems, () -> cat.spec(model))));
    }

    private static <T> Optional<T> coreProblem(List<String> problems, Supplier<T> read) {
        try {
            return Optional.of(read.get());
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            int colon = message.indexOf(':');
            String key = colon < 0 ? "parley" : message.substring(0, colon);
            if (problems.stream().noneMatch(p -> p.startsWith(key + ":"))) {
                problems.add(colon < 0 ? key + ": " + message : message);
            }
            return Optional.empty();
        }
    }

    private static void name(List<String> problems, String key, String value) {
        if (value.isBlank()) {
            problems.add(key + ": must name a provider, was empty");
        }
    }

    private static void atLeast(List<String> problems, String key, long value, long min) {
        if (value < min) {
            problems.add(key + ": must be an integer of " + min + " or more, was " + value);
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            problems.add(key + ": must be a positive duration such as 50ms, 10s or 5m, was " + value);
        }
    }

    private static void nonNegative(List<String> problems, String key, Duration value) {
        if (value.isNegative()) {
            problems.add(key + ": must be a duration of 0 or more such as 0s, 10s or 5m, was " + value);
        }
    }

    private static void size(List<String> problems, String key, MemorySize value) {
        long bytes = value.asLongValue();
        if (bytes < 1 || bytes > Integer.MAX_VALUE) {
            problems.add(key + ": must be between 1 and " + Integer.MAX_VALUE
                    + " bytes (a plain number or a size such as 256K or 1M), was " + bytes);
        }
    }

    private static List<String> keysOf(List<String> problems) {
        return problems.stream().map(p -> p.substring(0, p.indexOf(':'))).distinct().toList();
    }
}
