package dev.parley.core.compaction.builtin;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code manual} compaction mode (SPEC §5, §6): it never compacts by itself. On overflow it answers
 * {@link CompactionResult.Unchanged} with the notice {@value #OVERFLOW_NOTICE}, which the engine shows once per
 * overflow episode.
 *
 * <p>For {@link CompactionReason#MANUAL} ({@code /compact}, {@code sessions.compact}, the CLI) the engine does
 * not call this compactor: it runs the session's summarising strategy
 * ({@code parley.session.compaction.manual-strategy}, default {@code auto}) instead. Called with MANUAL anyway,
 * it also answers {@code Unchanged}, saying so. It takes no configuration.
 */
public final class ManualCompactorProvider implements CompactorProvider {
    /** The name this compactor is registered under. */
    public static final String NAME = "manual";
    /** The notice for an overflow. */
    public static final String OVERFLOW_NOTICE = "Context overflow, run /compact";
    static final String MANUAL_NOTICE = "The manual mode does not compact; /compact runs the manual-strategy";

    private static final Compactor COMPACTOR = request -> CompletableFuture.completedFuture(
            new CompactionResult.Unchanged(request.reason() == CompactionReason.OVERFLOW
                    ? OVERFLOW_NOTICE : MANUAL_NOTICE));

    /** Public no-arg constructor for {@link java.util.ServiceLoader}. */
    public ManualCompactorProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Never compacts by itself: on overflow it tells the user to run /compact";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        return COMPACTOR;
    }
}
