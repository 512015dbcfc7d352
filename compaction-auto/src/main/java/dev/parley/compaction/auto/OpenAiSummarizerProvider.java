package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.SummarizerProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The {@code openai} summariser: asks any OpenAI-compatible {@code /chat/completions} endpoint (OpenAI, Ollama,
 * vLLM, llama.cpp server) for a summary with the sections decisions, open tasks, last user request, rules,
 * identifiers (listing the must-keep items explicitly) and context, folding in the previous summary and the
 * {@code /compact} instructions; {@code max_tokens} is the request's {@code maxTokens}.
 *
 * <p>Configuration ({@code parley.summarizers.openai.*}, overlaid per agent):
 * <ul>
 *   <li>{@code base-url} ({@code http://127.0.0.1:11434/v1}) — the API root; {@code /chat/completions} is appended;
 *   <li>{@code model} ({@code gpt-4o-mini});
 *   <li>{@code api-key-env} ({@code OPENAI_API_KEY}) — the NAME of the environment variable holding the key;
 *       {@code Authorization: Bearer <key>} is sent only when that variable is set and not blank;
 *   <li>{@code timeout} (60s) — per attempt; {@code 60s}, {@code 500ms}, {@code 2m} or ISO-8601 ({@code PT1M});
 *   <li>{@code max-retries} (2) — extra attempts on HTTP 429, 5xx and I/O errors, with backoff;
 *   <li>{@code retry-backoff} (500ms) — the first retry's delay, doubling after each;
 *   <li>{@code temperature} (0).
 * </ul>
 * Thread-safe. Failures are reported as {@code CompactionException}s naming the endpoint and the reason.
 */
public final class OpenAiSummarizerProvider implements SummarizerProvider {

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public String description() {
        return "asks an OpenAI-compatible /chat/completions endpoint (OpenAI, Ollama, vLLM, llama.cpp) for a summary";
    }

    @Override
    public Summarizer create(Map<String, String> config) {
        return create(config, System::getenv);
    }

    /** @param env looks up environment variables (tests pass a map) */
    Summarizer create(Map<String, String> config, UnaryOperator<String> env) {
        Config c = new Config("parley.summarizers.openai.", config, Set.of("base-url", "model", "api-key-env",
                "timeout", "max-retries", "retry-backoff", "temperature"));
        URI endpoint = endpoint(c, c.string("base-url", "http://127.0.0.1:11434/v1"));
        String model = c.string("model", "gpt-4o-mini");
        if (model.isEmpty()) {
            throw c.bad("model", config.get("model"), "a model name such as gpt-4o-mini or llama3.1");
        }
        String keyEnv = c.string("api-key-env", "OPENAI_API_KEY");
        String key = keyEnv.isEmpty() ? null : env.apply(keyEnv);
        Duration timeout = c.duration("timeout", Duration.ofSeconds(60));
        int retries = c.integer("max-retries", 2, 0, 10);
        Duration backoff = c.duration("retry-backoff", Duration.ofMillis(500));
        double temperature = c.decimal("temperature", 0, 0, 2);
        return new OpenAiSummarizer(endpoint, model, key == null || key.isBlank() ? null : key.strip(), timeout,
                retries, backoff, temperature);
    }

    private static URI endpoint(Config c, String baseUrl) {
        try {
            URI base = new URI(baseUrl);
            String scheme = base.getScheme();
            if (base.getHost() != null && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                String s = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
                return new URI(s + "/chat/completions");
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw c.bad("base-url", baseUrl, "an http(s) URL such as http://127.0.0.1:11434/v1");
    }
}
