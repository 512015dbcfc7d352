package dev.parley.core.session;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.core.compaction.CompactionPlugins;
import java.util.concurrent.CompletableFuture;

/** How the facade finds its compaction plugins. */
final class Plugins {
    private Plugins() {}

    /** INTERIM until the registry lands: heuristic estimates only; compaction unavailable. */
    static CompactionPlugins discover(SessionOptions options) {
        return new CompactionPlugins() {
            @Override
            public Compactor compactor(String name, String agentId) {
                return req -> CompletableFuture.failedFuture(new CompactionException("no compactor registry"));
            }

            @Override
            public Summarizer summarizer(String name, String agentId) {
                return req -> CompletableFuture.failedFuture(new CompactionException("no summarizer registry"));
            }

            @Override
            public TokenEstimator estimator(String name, String agentId) {
                return text -> text.length() / 4;
            }

            @Override
            public String describe(String kind, String name) {
                return name;
            }
        };
    }
}
