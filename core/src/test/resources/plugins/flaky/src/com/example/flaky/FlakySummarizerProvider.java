package com.example.flaky;

import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.SummarizerProvider;
import java.util.Map;

public final class FlakySummarizerProvider implements SummarizerProvider {
    @Override
    public String name() {
        return "flaky";
    }

    @Override
    public String description() {
        return "misbehaves on purpose";
    }

    @Override
    public Summarizer create(Map<String, String> config) {
        String b = Behaviour.of(config);
        return req -> Behaviour.act(b.equals("empty") ? "ok" : b, b.equals("empty") ? "  " : "a summary");
    }
}
