package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.testkit.CompactorContractTest;
import java.util.Map;

/** The SPI's contract kit, run against {@code auto} with the {@code extractive} summariser. */
class AutoCompactorContractTest extends CompactorContractTest {
    @Override
    protected Compactor compactor() {
        return new AutoCompactorProvider().create(Map.of());
    }

    @Override
    protected Summarizer summarizer() {
        return new ExtractiveSummarizerProvider().create(Map.of());
    }
}
