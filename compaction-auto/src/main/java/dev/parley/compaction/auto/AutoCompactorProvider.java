package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.Set;

/**
 * The {@code auto} compactor (SPEC §6): summarises every turn but the last {@code keepRecentTurns} with the
 * session's summariser, folding in the previous summary, with adaptive chunking at both ends — the input cut
 * into chunks of whole turns summarised in order when it does not fit one call, the summary cut into
 * paragraph-sized chunks for prompt caching. The summariser is told which identifiers it must keep (the last
 * user request and its identifiers, identifiers in decisions, open tasks and rules, and in the newest three
 * summarised turns); the result's note says how many were kept. System entries are carried verbatim.
 *
 * <p>Configuration ({@code parley.compactors.auto.*}):
 * <ul>
 *   <li>{@code input-chunk-ratio} (0.4) — a summariser call's input, as a share of {@code availableForHistory};
 *   <li>{@code min-chunk-ratio} (0.15) — the lowest share, used when the average message is large
 *       (at most {@code input-chunk-ratio});
 *   <li>{@code output-chunk-tokens} (1024) — target size of a summary chunk.
 * </ul>
 * Chunks are never smaller than {@value AutoCompactor#MIN_CHUNK_TOKENS} tokens. Compactors are thread-safe.
 */
public final class AutoCompactorProvider implements CompactorProvider {

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public String description() {
        return "summarises older turns with the session's summariser, chunking large histories and summaries";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        Config c = new Config("parley.compactors.auto.", config,
                Set.of("input-chunk-ratio", "min-chunk-ratio", "output-chunk-tokens"));
        double ratio = c.decimal("input-chunk-ratio", 0.4, 0.01, 1.0);
        double min = c.decimal("min-chunk-ratio", Math.min(0.15, ratio), 0.01, 1.0);
        if (min > ratio) {
            throw c.bad("min-chunk-ratio", config.get("min-chunk-ratio"),
                    "a number no larger than input-chunk-ratio (" + ratio + ")");
        }
        int output = c.integer("output-chunk-tokens", 1024, 16, 1_000_000);
        return new AutoCompactor(ratio, min, output);
    }
}
