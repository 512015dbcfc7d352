package dev.parley.core.session;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.compaction.CompactionPlugins;
import dev.parley.core.compaction.registry.CompactionRegistry;
import dev.parley.core.compaction.registry.StrategyInfo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The facade's compaction plugins: the registry (class path + {@code <stateDir>/plugins/*.jar}). */
final class Plugins implements CompactionPlugins {
    private final CompactionRegistry registry;

    private Plugins(CompactionRegistry registry) {
        this.registry = registry;
    }

    /**
     * Discovers every provider and checks the configured names, so a missing compactor, summariser or estimator
     * fails startup listing what is available.
     */
    static Plugins discover(SessionOptions options) {
        // Explicitly configured names are checked here; the defaults (auto, extractive, heuristic) come with the
        // app's runtime class path and are checked by its readiness probe.
        Map<String, String> props = new HashMap<>(options.properties());
        CompactionRegistry registry = CompactionRegistry.builder()
                .config(props)
                .stateDir(options.stateDir())
                .build();
        return new Plugins(registry);
    }

    CompactionRegistry registry() {
        return registry;
    }

    @Override
    public Compactor compactor(String name, String agentId) {
        return registry.compactor(name, agentId);
    }

    @Override
    public Summarizer summarizer(String name, String agentId) {
        return registry.summarizer(name, agentId);
    }

    @Override
    public TokenEstimator estimator(String name, String agentId) {
        return registry.estimator(name, agentId);
    }

    @Override
    public String describe(String kind, String name) {
        List<StrategyInfo> list = switch (kind) {
            case "summarizer" -> registry.strategies().summarizers();
            case "estimator" -> registry.strategies().estimators();
            default -> registry.strategies().compactors();
        };
        return list.stream().filter(i -> i.name().equals(name)).findFirst()
                .map(i -> i.name() + " (" + i.source() + ")").orElse(name);
    }
}
