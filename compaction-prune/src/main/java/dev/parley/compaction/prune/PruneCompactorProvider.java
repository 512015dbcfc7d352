package dev.parley.compaction.prune;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;

/**
 * The {@code prune} compactor (SPEC §6): drops the oldest turns outside the recent N until the view fits,
 * trimming oversized tool results in the turns that stay first. It never summarises: the previous summary is
 * carried forward unchanged.
 *
 * <p>Configuration ({@code parley.compactors.prune.*}, overlaid per agent):
 * <ul>
 *   <li>{@code max-tool-result-chars} — tool results longer than this (in chars) are trimmed to their head and
 *       tail, half each; default {@value PruneCompactor#DEFAULT_MAX_TOOL_RESULT_CHARS}, at least
 *       {@value PruneCompactor#MIN_TOOL_RESULT_CHARS}.</li>
 * </ul>
 */
public final class PruneCompactorProvider implements CompactorProvider {
    static final String MAX_TOOL_RESULT_CHARS = "max-tool-result-chars";

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public PruneCompactorProvider() {}

    @Override
    public String name() {
        return "prune";
    }

    @Override
    public String description() {
        return "Drops the oldest turns outside the recent ones until the view fits; trims oversized tool results"
                + " first; keeps the previous summary";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        String raw = config.get(MAX_TOOL_RESULT_CHARS);
        int max = PruneCompactor.DEFAULT_MAX_TOOL_RESULT_CHARS;
        if (raw != null) {
            try {
                max = Integer.parseInt(raw.strip());
            } catch (NumberFormatException e) {
                throw invalid(raw);
            }
            if (max < PruneCompactor.MIN_TOOL_RESULT_CHARS) {
                throw invalid(raw);
            }
        }
        return new PruneCompactor(max);
    }

    private static IllegalArgumentException invalid(String raw) {
        return new IllegalArgumentException("parley.compactors.prune." + MAX_TOOL_RESULT_CHARS
                + " must be an integer >= " + PruneCompactor.MIN_TOOL_RESULT_CHARS + ", got '" + raw + "'");
    }
}
