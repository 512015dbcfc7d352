package dev.parley.compaction.auto;

import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** Wraps a summariser and records every request it gets. */
final class RecordingSummarizer implements Summarizer {
    final List<SummaryRequest> requests = new CopyOnWriteArrayList<>();
    private final Summarizer delegate;

    RecordingSummarizer(Summarizer delegate) {
        this.delegate = delegate;
    }

    static RecordingSummarizer extractive() {
        return new RecordingSummarizer(new ExtractiveSummarizer());
    }

    @Override
    public CompletionStage<String> summarize(SummaryRequest request) {
        requests.add(request);
        return delegate.summarize(request);
    }
}
