package com.example.tailkeeper;

import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.SummarizerProvider;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A third-party summariser: the first line of the text. */
public final class FirstLineSummarizerProvider implements SummarizerProvider {
    @Override
    public String name() {
        return "first-line";
    }

    @Override
    public String description() {
        return "The first line of the conversation";
    }

    @Override
    public Summarizer create(Map<String, String> config) {
        return req -> CompletableFuture.completedFuture(req.text().lines().findFirst().orElse(""));
    }
}
