package dev.parley.core.context;

import java.util.List;
import java.util.Map;

/**
 * Context window and output size per model (SPEC §5): {@code parley.models."<provider/model>".context-window},
 * {@code .max-output-tokens} and {@code .estimator}, else a built-in catalogue matched by prefix, else the
 * defaults ({@code parley.defaults.context-window}, {@code parley.defaults.max-output-tokens}).
 */
public final class ModelCatalog {
    /** What is known about a model. {@code estimator} may be null (use the global one). */
    public record ModelSpec(long contextWindow, int maxOutputTokens, String estimator) {}

    private record Builtin(String prefix, long window, int maxOut) {}

    private static final List<Builtin> BUILTIN = List.of(
            new Builtin("anthropic/claude-", 200_000, 8_192),
            new Builtin("openai/gpt-4o", 128_000, 16_384),
            new Builtin("openai/gpt-4.1", 1_047_576, 32_768),
            new Builtin("google/gemini-", 1_048_576, 8_192));

    private final Map<String, String> properties;
    private final long defaultWindow;
    private final int defaultMaxOut;

    public ModelCatalog(Map<String, String> properties) {
        this.properties = Map.copyOf(properties);
        this.defaultWindow = Props.longValue(properties, "parley.defaults.context-window", 200_000, 1);
        this.defaultMaxOut = (int) Props.longValue(properties, "parley.defaults.max-output-tokens", 8_192, 1);
    }

    /** The spec of {@code model} (null → the defaults). */
    public ModelSpec spec(String model) {
        long window = defaultWindow;
        int maxOut = defaultMaxOut;
        String estimator = null;
        if (model != null) {
            for (Builtin b : BUILTIN) {
                if (model.startsWith(b.prefix())) {
                    window = b.window();
                    maxOut = b.maxOut();
                    break;
                }
            }
            String base = "parley.models.\"" + model + "\".";
            String plain = "parley.models." + model + ".";
            window = Props.longValue(properties, pick(base, plain, "context-window"), window, 1);
            maxOut = (int) Props.longValue(properties, pick(base, plain, "max-output-tokens"), maxOut, 1);
            String est = properties.get(pick(base, plain, "estimator"));
            if (est == null || est.isBlank()) {
                est = familyEstimator(model);
            }
            estimator = est == null || est.isBlank() ? null : est.trim();
        }
        return new ModelSpec(window, maxOut, estimator);
    }

    /**
     * An estimator chosen per model family: {@code parley.models."openai/*".estimator=tiktoken} applies to every
     * model whose name starts with {@code openai/}; the longest matching prefix wins.
     */
    private String familyEstimator(String model) {
        String best = null;
        int bestLen = -1;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith("parley.models.") || !k.endsWith(".estimator")) {
                continue;
            }
            String name = k.substring("parley.models.".length(), k.length() - ".estimator".length());
            if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                name = name.substring(1, name.length() - 1);
            }
            if (name.endsWith("*") && model.startsWith(name.substring(0, name.length() - 1))
                    && name.length() > bestLen) {
                best = e.getValue();
                bestLen = name.length();
            }
        }
        return best;
    }

    private String pick(String quoted, String plain, String field) {
        return properties.containsKey(quoted + field) ? quoted + field : plain + field;
    }
}
