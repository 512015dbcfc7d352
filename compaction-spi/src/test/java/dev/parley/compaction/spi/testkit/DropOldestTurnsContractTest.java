package dev.parley.compaction.spi.testkit;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Turn;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the contract kit against a minimal compactor, so the kit itself is exercised in this build. */
class DropOldestTurnsContractTest extends CompactorContractTest {
    @Override
    protected Compactor compactor() {
        return req -> {
            List<Turn> turns = req.turns();
            int keep = Math.min(req.settings().keepRecentTurns(), turns.size());
            int before = req.historyTokens();
            int cut = 0;
            int after = before;
            while (cut < turns.size() - keep && after > req.availableForHistory()) {
                after -= turns.get(cut++).tokens();
            }
            if (cut == 0) {
                return CompletableFuture.completedFuture(new CompactionResult.Unchanged("nothing to drop"));
            }
            return CompletableFuture.completedFuture(new CompactionResult.Changed("", List.of(),
                    turns.get(cut).firstSeq(), cut, before, after, List.of(), "dropped " + cut + " turns"));
        };
    }
}
