package dev.parley.core.compaction.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that every provider name the configuration selects exists: the compaction mode and manual strategy
 * (compactors), the summariser, and the estimators (global, per model and per agent). Values left blank are
 * ignored; defaults the application does not pass in the map are not checked here.
 */
final class ConfiguredNames {
    private static final String AGENTS = "parley.agents.";
    private static final String MODELS = "parley.models.";

    private ConfiguredNames() {}

    /** @throws IllegalStateException listing every unknown name with its key and the names available */
    static void check(Map<String, String> config, Map<ProviderKind, ? extends Map<String, Registered>> byKind) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(config).entrySet()) {
            ProviderKind kind = kindOf(e.getKey());
            String name = e.getValue() == null ? "" : e.getValue().strip();
            if (kind == null || name.isEmpty() || byKind.get(kind).containsKey(name)) {
                continue;
            }
            problems.add(e.getKey() + "=" + name + ": " + unknown(kind, name, byKind.get(kind)));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("\n", problems));
        }
    }

    /** {@code no compactor named 'x'; available: auto, manual, prune}. */
    static String unknown(ProviderKind kind, String name, Map<String, Registered> available) {
        return "no " + kind.label + " named '" + name + "'; available: "
                + (available.isEmpty() ? "(none)" : String.join(", ", available.keySet()));
    }

    /** The kind of provider a key selects by name, or null for any other key. */
    static ProviderKind kindOf(String key) {
        String tail;
        if (key.startsWith("parley.session.")) {
            tail = key.substring("parley.session".length());
        } else if (key.startsWith("parley.context.")) {
            tail = key.substring("parley".length());
        } else if (key.startsWith(AGENTS)) {
            int dot = key.indexOf('.', AGENTS.length());
            tail = dot < 0 ? "" : key.substring(dot);
        } else if (key.startsWith(MODELS) && key.endsWith(".estimator")) {
            return ProviderKind.ESTIMATOR;
        } else {
            return null;
        }
        return switch (tail) {
            case ".compaction.mode", ".compaction.manual-strategy" -> ProviderKind.COMPACTOR;
            case ".compaction.summarizer" -> ProviderKind.SUMMARIZER;
            case ".context.estimator" -> ProviderKind.ESTIMATOR;
            default -> null;
        };
    }
}
