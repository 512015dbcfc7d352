package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Turn;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A history far larger than the window still compacts, through input chunking: 2 million tokens into a budget
 * of 100 000 with a 4 000-token summary. Records the number of calls and the largest call input; the time is
 * printed, never asserted (BENCHMARKS.md has the measured figures).
 */
class HugeHistoryTest {

    private static void compactsWithinBudget(int historyTokens, long seed) throws Exception {
        Random r = new Random(seed);
        Talk talk = new Talk().user("We decided to keep every invoice in bucket s3://ledger-archive/2025 for audits.")
                .assistant("Understood.");
        int tokens = 0;
        while (tokens < historyTokens) {
            tokens = Synthetic.filler(talk, r, 100).tokens();
        }
        talk.user("Please send the audit summary for ticket AUD-2231 to Priya.").assistant("Will do.");
        List<Turn> turns = Synthetic.filler(talk, r, 10).turns(); // the request is the last summarised turn
        int budget = 100_000;
        RecordingSummarizer s = RecordingSummarizer.extractive();
        long t0 = System.nanoTime();
        CompactionResult.Changed c = (CompactionResult.Changed) new AutoCompactorProvider().create(Map.of())
                .compact(Talk.request(turns, budget, Talk.settings(10, 4_000), null, s))
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int maxText = s.requests.stream().mapToInt(q -> Talk.ESTIMATOR.estimate(q.text())).max().orElse(0);
        int maxInput = s.requests.stream().mapToInt(HugeHistoryTest::inputTokens).max().orElse(0);
        System.out.printf("HugeHistoryTest seed %d: %d turns, %d -> %d tokens (budget %d) in %d ms; %d summariser "
                        + "calls, largest chunk %d tokens, largest call input %d tokens; %s%n", seed, turns.size(),
                c.tokensBefore(), c.tokensAfter(), budget, ms, s.requests.size(), maxText, maxInput, c.note());

        assertThat(c.tokensBefore()).isGreaterThanOrEqualTo(historyTokens);
        assertThat(c.tokensAfter()).isLessThanOrEqualTo(budget);
        assertThat(c.turnsRemoved()).isEqualTo(turns.size() - 10);
        assertThat(s.requests).hasSizeGreaterThanOrEqualTo(historyTokens / 40_000);
        assertThat(maxText).as("each call's text within one chunk (0.4 × budget)").isLessThanOrEqualTo(40_000);
        assertThat(maxInput).as("chunk + partial summary").isLessThanOrEqualTo(40_000 + 4_000 + 100);
        assertThat(c.summary()).contains("- We decided to keep every invoice in bucket s3://ledger-archive/2025",
                "Last user request:\nPlease send the audit summary for ticket AUD-2231 to Priya.");
        assertThat(c.note()).matches("kept (\\d+)/\\1 required .*");
    }

    private static int inputTokens(SummaryRequest q) {
        return Talk.ESTIMATOR.estimate(q.text())
                + (q.previousSummary() == null ? 0 : Talk.ESTIMATOR.estimate(q.previousSummary()));
    }

    /** About 4 s on the shared 2-core build machine, so it runs in every {@code verify}. */
    @Test
    void aHistoryOfTwoMillionTokensCompactsWithinBudgetThroughInputChunking() throws Exception {
        compactsWithinBudget(2_000_000, 20250102L);
    }
}
