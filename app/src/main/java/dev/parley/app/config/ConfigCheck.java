package dev.parley.app.config;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Range checks the types of {@link ParleyConfig} cannot express. Every problem names its key and what is
 * allowed; all problems are reported at once so a misconfigured deployment fails once, not once per key.
 * Checks of values core owns (agent ids, channel names) stay in core.
 */
public final class ConfigCheck {

    private ConfigCheck() {}

    /** Throws a {@link ConfigurationException} listing every invalid key, else returns normally. */
    public static void validate(ParleyConfig config) {
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
        positive(problems, "parley.session.lock.stale-after", config.session().lock().staleAfter());
        positive(problems, "parley.storage.fsync-interval", config.storage().fsyncInterval());
        positive(problems, "parley.storage.metadata-flush", config.storage().metadataFlush());
        nonNegative(problems, "parley.storage.reopen-after", config.storage().reopenAfter());
        size(problems, "parley.limits.max-body", config.limits().maxBody());
        size(problems, "parley.limits.max-message", config.limits().maxMessage());
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid Parley configuration:\n  " + String.join("\n  ", problems),
                    Set.copyOf(keysOf(problems)));
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
