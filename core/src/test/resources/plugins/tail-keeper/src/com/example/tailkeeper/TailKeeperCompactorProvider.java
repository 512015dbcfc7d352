package com.example.tailkeeper;

import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import dev.parley.compaction.spi.Turn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** A third-party compactor: drops the oldest turns outside the recent ones until the history fits. */
public final class TailKeeperCompactorProvider implements CompactorProvider {
    @Override
    public String name() {
        return "tail-keeper";
    }

    @Override
    public String description() {
        return "Keeps the tail of the conversation";
    }

    @Override
    public Compactor create(Map<String, String> config) {
        if (config.containsKey("reject")) {
            throw new IllegalArgumentException("tail-keeper does not accept 'reject'");
        }
        String prefix = config.getOrDefault("note-prefix", "tail-keeper");
        return new Compactor() {
            @Override
            public CompletionStage<CompactionResult> compact(CompactionRequest req) {
                List<Turn> turns = req.turns();
                int keep = Math.min(req.settings().keepRecentTurns(), turns.size());
                int before = req.historyTokens();
                int cut = 0;
                int after = before;
                while (cut < turns.size() - keep && after > req.availableForHistory()) {
                    after -= turns.get(cut++).tokens();
                }
                if (cut == 0) {
                    return CompletableFuture.completedFuture(new CompactionResult.Unchanged(prefix + ": nothing"));
                }
                String summary = req.previousSummary() == null ? "" : req.previousSummary().text();
                return CompletableFuture.completedFuture(new CompactionResult.Changed(summary, List.of(),
                        turns.get(cut).firstSeq(), cut, before, after, List.of(),
                        prefix + ": dropped " + cut + " turns"));
            }
        };
    }
}
