package dev.parley.app.health;

import dev.parley.app.config.ParleyConfig;
import dev.parley.core.compaction.registry.Strategies;
import dev.parley.core.compaction.registry.StrategyInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * "A compactor for every configured mode" (SPEC §14): the compaction mode (while compaction is enabled), the manual
 * strategy and the summariser that apply globally and to each configured agent must name registered providers.
 * Core fails startup for a name that is configured explicitly but unknown; what is left for readiness is a default
 * ({@code auto}, {@code extractive}) whose plugin is not on the class path, or one a deployment removed.
 */
final class CompactionReadiness {

    private static final String G = "parley.session.compaction.";

    private CompactionReadiness() {}

    /** One line per missing provider, naming the key that selects it and what is available; empty when ready. */
    static List<String> missing(ParleyConfig config, Strategies registered) {
        Set<String> compactors = names(registered.compactors());
        Set<String> summarizers = names(registered.summarizers());
        Map<String, String> problems = new LinkedHashMap<>();
        ParleyConfig.Compaction global = config.session().compaction();
        if (global.enabled()) {
            check(problems, G + "mode", global.mode(), "compactor", compactors);
        }
        check(problems, G + "manual-strategy", global.manualStrategy(), "compactor", compactors);
        check(problems, G + "summarizer", global.summarizer(), "summarizer", summarizers);
        config.agents().forEach((agent, a) -> {
            ParleyConfig.AgentCompaction c = a.compaction();
            String k = "parley.agents." + agent + ".compaction.";
            if (c.enabled().orElse(global.enabled())) {
                check(problems, pick(c.mode(), k + "mode", G + "mode"), c.mode().orElse(global.mode()),
                        "compactor", compactors);
            }
            check(problems, pick(c.manualStrategy(), k + "manual-strategy", G + "manual-strategy"),
                    c.manualStrategy().orElse(global.manualStrategy()), "compactor", compactors);
            check(problems, pick(c.summarizer(), k + "summarizer", G + "summarizer"),
                    c.summarizer().orElse(global.summarizer()), "summarizer", summarizers);
        });
        return new ArrayList<>(problems.values());
    }

    private static String pick(Optional<?> agentValue, String agentKey, String globalKey) {
        return agentValue.isPresent() ? agentKey : globalKey;
    }

    private static void check(Map<String, String> problems, String key, String name, String kind, Set<String> known) {
        if (!known.contains(name.strip())) {
            problems.putIfAbsent(key, key + "=" + name.strip() + ": no " + kind + " named '" + name.strip()
                    + "' is registered; available: " + (known.isEmpty() ? "(none)" : String.join(", ", known)));
        }
    }

    private static Set<String> names(List<StrategyInfo> infos) {
        Set<String> names = new TreeSet<>();
        infos.forEach(i -> names.add(i.name()));
        return names;
    }
}
