package dev.parley.compaction.prune;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.testkit.CompactorContractTest;
import java.util.Map;

/** The SPI contract kit run against {@code prune} with a small trim limit, so trims happen too. */
class PruneCompactorContractTest extends CompactorContractTest {
    @Override
    protected Compactor compactor() {
        return new PruneCompactorProvider().create(Map.of("max-tool-result-chars", "200"));
    }
}
