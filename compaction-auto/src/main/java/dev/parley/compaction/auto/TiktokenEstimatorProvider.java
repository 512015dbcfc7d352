package dev.parley.compaction.auto;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tiktoken} estimator: exact BPE token counts for OpenAI-family encodings, via jtokkit (pure Java,
 * the encoding tables ship in its jar — no download). Special-token markers such as {@code <|endoftext|>} in a
 * transcript are counted as ordinary text, never rejected.
 *
 * <p>Configuration ({@code parley.estimators.tiktoken.*}): {@code encoding} = {@code cl100k_base} (default;
 * GPT-4, GPT-3.5) or {@code o200k_base} (GPT-4o, GPT-4.1, o-series); {@code cl100k} and {@code o200k} are
 * accepted too. An encoding's tables are loaded once per process, on first use, and shared. Estimators are
 * thread-safe.
 */
public final class TiktokenEstimatorProvider implements TokenEstimatorProvider {
    /** Lazy: loads only the encodings asked for; its cache is a ConcurrentHashMap, so it is thread-safe. */
    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    @Override
    public String name() {
        return "tiktoken";
    }

    @Override
    public String description() {
        return "exact BPE counts for OpenAI encodings (cl100k_base, o200k_base) via jtokkit";
    }

    @Override
    public TokenEstimator create(Map<String, String> config) {
        Config c = new Config("parley.estimators.tiktoken.", config, Set.of("encoding"));
        String name = c.string("encoding", "cl100k_base").toLowerCase(Locale.ROOT);
        EncodingType type = switch (name) {
            case "cl100k_base", "cl100k" -> EncodingType.CL100K_BASE;
            case "o200k_base", "o200k" -> EncodingType.O200K_BASE;
            default -> throw c.bad("encoding", config.get("encoding"), "cl100k_base or o200k_base");
        };
        Encoding encoding = REGISTRY.getEncoding(type);
        return encoding::countTokensOrdinary;
    }
}
