package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExtractiveSummarizerTest {
    private final Summarizer extractive = new ExtractiveSummarizerProvider().create(Map.of());

    private String summarise(SummaryRequest r) throws Exception {
        return extractive.summarize(r).toCompletableFuture().get();
    }

    private static String conversation(Random r, int turns) {
        Talk talk = Synthetic.filler(new Talk(), r, turns);
        StringBuilder sb = new StringBuilder();
        TranscriptText.units(talk.turns(), 4_000).forEach(u -> sb.append(u.text()).append("\n\n"));
        return sb.toString();
    }

    static Stream<Long> seeds() {
        String fixed = System.getProperty("parley.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = System.nanoTime();
        System.out.println("ExtractiveSummarizerTest base seed " + base + " (rerun one case with -Dparley.seed=<seed>)");
        return Stream.iterate(base, s -> s + 1).limit(20);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSameInputGivesTheSameSummaryWithinMaxTokensKeepingEveryMustKeepItem(long seed) throws Exception {
        Random r = new Random(seed);
        String text = conversation(r, 5 + r.nextInt(300));
        int max = 16 + r.nextInt(3_000);
        List<String> mustKeep = new ArrayList<>(List.of("OPS-" + r.nextInt(10_000), "Kate"));
        String previous = r.nextBoolean() ? null : "Decisions:\n- We decided to use Redis " + r.nextInt(10) + ".";
        SummaryRequest req = new SummaryRequest(text + "\n\nuser: Ask Kate about " + mustKeep.get(0) + " please.",
                previous, r.nextBoolean() ? "focus on the dashboard" : null, max, mustKeep);

        String first = summarise(req);
        assertThat(new ExtractiveSummarizerProvider().create(Map.of()).summarize(req).toCompletableFuture().get())
                .as("seed %d: deterministic", seed).isEqualTo(first);
        assertThat(Tokens.estimate(first)).as("seed %d: within maxTokens %d", seed, max).isLessThanOrEqualTo(max);
        if (max >= 64) {
            assertThat(first).as("seed %d: must-keep items", seed).contains(mustKeep);
        }
    }

    @Test
    void sentencesAreSortedIntoSectionsAndTheLastRequestKeptVerbatim() throws Exception {
        String text = """
                user: We decided to move the API to Kubernetes on cluster k8s-prod-2. Never expose port 9090 publicly.

                assistant: Sounds good. TODO: write the migration runbook in docs/migrate.md. The weather is nice.

                user: Please draft the announcement for Friday and cc Jonas.""";
        String out = summarise(new SummaryRequest(text, null, null, 1_000, List.of()));
        assertThat(out).contains("Decisions:\n- We decided to move the API to Kubernetes on cluster k8s-prod-2.")
                .contains("Rules:\n- Never expose port 9090 publicly.")
                .contains("Open tasks:\n- TODO: write the migration runbook in docs/migrate.md.")
                .endsWith("Last user request:\nPlease draft the announcement for Friday and cc Jonas.");
        assertThat(out.indexOf("Decisions:")).isLessThan(out.indexOf("Rules:"));
    }

    @Test
    void thePreviousSummaryIsFoldedIn() throws Exception {
        String previous = "Decisions:\n- We decided to use Redis 7.2 as the cache.\n\nIdentifiers:\nINV-77; 10.0.0.8"
                + "\n\nLast user request:\nCheck the cache hit rate.";
        String text = "user: Thanks. Now please rotate the key in vault/prod/api.\n\nassistant: Will do.";
        String out = summarise(new SummaryRequest(text, previous, null, 1_000, List.of()));
        assertThat(out).contains("- We decided to use Redis 7.2 as the cache.", "INV-77", "10.0.0.8",
                "Earlier request: Check the cache hit rate.")
                .endsWith("Last user request:\nThanks. Now please rotate the key in vault/prod/api.");
    }

    @Test
    void aModelWrittenPreviousSummaryIsReadByItsHeadings() throws Exception {
        String previous = "## Decisions\n* Ship on Monday via pipeline release-7.\n\n**Open tasks:**\n1. Email Kim.\n\n"
                + "## Last user request\nDraft the changelog.";
        String out = summarise(new SummaryRequest("assistant: Noted, working on it.", previous, null, 1_000, List.of()));
        assertThat(out).contains("Decisions:\n- Ship on Monday via pipeline release-7.", "Open tasks:\n- Email Kim.")
                .endsWith("Last user request:\nDraft the changelog.");
    }

    @Test
    void instructionsRaiseTheWeightOfMatchingSentences() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            sb.append("assistant: The ").append(i % 3 == 0 ? "database" : "frontend").append(" check number ")
                    .append(i).append(" looked normal.\n\n");
        }
        SummaryRequest plain = new SummaryRequest(sb.toString(), null, null, 120, List.of());
        SummaryRequest focused = new SummaryRequest(sb.toString(), null, "focus on the database", 120, List.of());
        long plainDb = summarise(plain).lines().filter(l -> l.contains("database")).count();
        long focusedDb = summarise(focused).lines().filter(l -> l.contains("database")).count();
        assertThat(focusedDb).isGreaterThan(plainDb).isGreaterThanOrEqualTo(5);
        assertThat(summarise(focused).lines().filter(l -> l.startsWith("- ")).allMatch(l -> l.contains("database")))
                .isTrue();
    }

    @Test
    void mustKeepMaterialTooLargeForTheLimitIsCompressedNotExceeded() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add("TICKET-" + i);
        }
        String text = "user: Close all of " + String.join(", ", ids) + " today.";
        String out = summarise(new SummaryRequest(text, null, null, 100, ids));
        assertThat(Tokens.estimate(out)).isLessThanOrEqualTo(100);
        assertThat(out).contains("Last user request:", "TICKET-0");
    }

    @Test
    void aSummaryIsNeverLongerThanTwoThirdsOfTheNewTextPlusThePreviousSummary() throws Exception {
        String text = conversation(new Random(3), 40);
        String previous = summarise(new SummaryRequest(conversation(new Random(4), 40), null, null, 100_000, List.of()));
        String out = summarise(new SummaryRequest(text, previous, null, 100_000, List.of()));
        assertThat(Tokens.estimate(out)).isLessThanOrEqualTo(Tokens.estimate(text) * 2 / 3 + Tokens.estimate(previous));
    }

    @Test
    void cjkTextIsCountedAsWholeTokensAndStaysWithinTheLimit() throws Exception {
        String text = "user: " + "我们决定使用新的数据库。".repeat(200) + "\n\nassistant: " + "好的，明白了。".repeat(200);
        String out = summarise(new SummaryRequest(text, null, null, 150, List.of()));
        assertThat(Tokens.estimate(out)).isLessThanOrEqualTo(150);
        assertThat(out.length()).isLessThan(300);
    }

    @Test
    void emptyInputStillYieldsAText() throws Exception {
        assertThat(summarise(new SummaryRequest("", null, null, 100, List.of()))).isNotBlank();
    }

    @Test
    void unknownConfigurationIsRejected() {
        assertThatThrownBy(() -> new ExtractiveSummarizerProvider().create(Map.of("ratio", "1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.summarizers.extractive.ratio");
    }
}
