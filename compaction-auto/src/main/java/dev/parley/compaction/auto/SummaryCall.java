package dev.parley.compaction.auto;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.SummaryRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One summariser call of a compaction, with failures named for operators ("summariser call 3/12 failed: …",
 * "returned an empty summary"). Errors such as {@link OutOfMemoryError} pass through unwrapped.
 */
final class SummaryCall {
    private final CompactionRequest request;
    private final String label;

    /** @param total 0 for the extra call that condenses an over-long summary */
    SummaryCall(CompactionRequest request, int index, int total) {
        this.request = request;
        this.label = total == 0 ? "the condensing summariser call" : "summariser call " + (index + 1) + "/" + total;
    }

    CompletableFuture<String> run(SummaryRequest summaryRequest) {
        CompletionStage<String> stage;
        try {
            stage = request.summarizer().summarize(summaryRequest);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(wrap(e));
        }
        if (stage == null) {
            return CompletableFuture.failedFuture(new CompactionException(label + " returned no result (null stage)"));
        }
        return stage.toCompletableFuture().handle((summary, failure) -> {
            if (failure != null) {
                throw new CompletionException(wrap(unwrap(failure)));
            }
            if (summary == null || summary.isBlank()) {
                throw new CompletionException(new CompactionException(label + " returned an empty summary"));
            }
            return summary;
        });
    }

    private Throwable wrap(Throwable t) {
        if (t instanceof Error) {
            return t;
        }
        String why = t.getMessage() == null ? t.toString() : t.getMessage();
        return new CompactionException(label + " failed: " + why, t);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
