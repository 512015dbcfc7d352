package dev.parley.core.compaction.builtin;

import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.testkit.CompactorContractTest;
import java.util.Map;

/** {@code manual} keeps the SPI contract trivially (it never changes anything); the kit checks it anyway. */
class ManualCompactorContractTest extends CompactorContractTest {
    @Override
    protected Compactor compactor() {
        return new ManualCompactorProvider().create(Map.of());
    }
}
