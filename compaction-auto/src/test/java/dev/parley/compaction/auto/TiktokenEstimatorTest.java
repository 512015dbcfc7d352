package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.TokenEstimator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TiktokenEstimatorTest {
    private final TiktokenEstimatorProvider provider = new TiktokenEstimatorProvider();

    // Reference counts from OpenAI's cookbook "How to count tokens with tiktoken" (compare_encodings).
    @Test
    void countsMatchKnownTiktokenResultsForCl100k() {
        TokenEstimator cl100k = provider.create(Map.of());
        assertThat(cl100k.estimate("hello world")).isEqualTo(2);          // [15339, 1917]
        assertThat(cl100k.estimate("tiktoken is great!")).isEqualTo(6);
        assertThat(cl100k.estimate("antidisestablishmentarianism")).isEqualTo(6);
        assertThat(cl100k.estimate("2 + 2 = 4")).isEqualTo(7);
        assertThat(cl100k.estimate("お誕生日おめでとう")).isEqualTo(9);
        assertThat(cl100k.estimate("")).isZero();
        assertThat(provider.create(Map.of("encoding", "cl100k")).estimate("お誕生日おめでとう")).isEqualTo(9);
    }

    @Test
    void countsMatchKnownTiktokenResultsForO200k() {
        TokenEstimator o200k = provider.create(Map.of("encoding", "o200k_base"));
        assertThat(o200k.estimate("hello world")).isEqualTo(2);
        assertThat(o200k.estimate("antidisestablishmentarianism")).isEqualTo(6);
        assertThat(o200k.estimate("2 + 2 = 4")).isEqualTo(7);
        assertThat(o200k.estimate("お誕生日おめでとう")).isEqualTo(8);  // o200k merges 生日
        assertThat(provider.create(Map.of("encoding", "O200K")).estimate("お誕生日おめでとう")).isEqualTo(8);
    }

    @Test
    void specialTokenMarkersInATranscriptAreCountedAsText() {
        assertThat(provider.create(Map.of()).estimate("a <|endoftext|> b")).isGreaterThan(3);
    }

    @Test
    void isThreadSafe() throws Exception {
        TokenEstimator e = provider.create(Map.of());
        String text = "The deploy of api-gateway to db-7.internal failed; see JIRA-4821. ".repeat(50);
        int expected = e.estimate(text);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = pool.invokeAll(java.util.Collections.nCopies(200, () -> e.estimate(text)));
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownEncodingFailsNamingTheKeyAndTheChoices() {
        assertThatThrownBy(() -> provider.create(Map.of("encoding", "p50k_base")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.estimators.tiktoken.encoding").hasMessageContaining("o200k_base");
    }
}
