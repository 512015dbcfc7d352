package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.PreviousSummary;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.Turn;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AutoCompactorTest {
    private final AutoCompactor auto = (AutoCompactor) new AutoCompactorProvider().create(Map.of());

    private CompactionResult compact(CompactionRequest request) throws Exception {
        return auto.compact(request).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static List<Turn> chat(int turns) {
        Talk talk = new Talk();
        for (int i = 0; i < turns; i++) {
            talk.user("Turn " + i + ": what is the status of build " + (1000 + i) + "?")
                    .assistant("Build " + (1000 + i) + " is green; I checked the pipeline and the logs for it.");
        }
        return talk.turns();
    }

    @Test
    void emptyHistoryIsUnchanged() throws Exception {
        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionResult r = compact(Talk.request(List.of(), 1000, Talk.settings(3, 400), null, s));
        assertThat(r).isInstanceOf(CompactionResult.Unchanged.class);
        assertThat(s.requests).isEmpty();
    }

    @Test
    void historyWithinTheRecentTurnsIsUnchangedAndTheSummariserNotCalled() throws Exception {
        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionResult r = compact(Talk.request(chat(3), 10, Talk.settings(5, 400), null, s));
        assertThat(((CompactionResult.Unchanged) r).notice()).contains("3 turns");
        assertThat(s.requests).isEmpty();
    }

    @Test
    void olderTurnsAreSummarisedAndTheRecentOnesKeptVerbatim() throws Exception {
        List<Turn> turns = chat(12);
        CompactionResult.Changed c = (CompactionResult.Changed) compact(
                Talk.request(turns, 100_000, Talk.settings(4, 400), null, RecordingSummarizer.extractive()));
        assertThat(c.firstKeptSeq()).isEqualTo(turns.get(8).firstSeq());
        assertThat(c.turnsRemoved()).isEqualTo(8);
        int kept = turns.subList(8, 12).stream().mapToInt(Turn::tokens).sum();
        assertThat(c.tokensBefore()).isEqualTo(turns.stream().mapToInt(Turn::tokens).sum());
        assertThat(c.tokensAfter()).isEqualTo(Talk.ESTIMATOR.estimate(c.summary()) + kept)
                .isLessThan(c.tokensBefore());
        assertThat(c.summary()).contains("Turn 7: what is the status of build 1007?");
        assertThat(c.note()).matches("kept \\d+/\\d+ required and \\d+/\\d+ optional identifiers; 8 turns .*");
    }

    @Test
    void keepRecentTurnsZeroStillKeepsTheNewestTurnSoFirstKeptSeqStartsATurn() throws Exception {
        List<Turn> turns = chat(5);
        CompactionResult.Changed c = (CompactionResult.Changed) compact(
                Talk.request(turns, 100_000, Talk.settings(0, 400), null, RecordingSummarizer.extractive()));
        assertThat(c.firstKeptSeq()).isEqualTo(turns.get(4).firstSeq());
        assertThat(c.turnsRemoved()).isEqualTo(4);
    }

    @Test
    void thePreviousSummaryIsFoldedIntoTheFirstCallAndSurvives() throws Exception {
        RecordingSummarizer s = RecordingSummarizer.extractive();
        String previous = "Decisions:\n- We decided to use Redis 7.2 for the cache.";
        List<Turn> turns = chat(10);
        int historyTokens = turns.stream().mapToInt(Turn::tokens).sum();
        CompactionResult.Changed c = (CompactionResult.Changed) compact(Talk.request(turns, 100_000,
                Talk.settings(2, 400), new PreviousSummary(previous, List.of(previous)), s));
        assertThat(s.requests.get(0).previousSummary()).isEqualTo(previous);
        assertThat(c.summary()).contains("We decided to use Redis 7.2 for the cache.");
        assertThat(c.tokensBefore()).isEqualTo(historyTokens + Talk.ESTIMATOR.estimate(previous));
    }

    @Test
    void mustKeepHoldsTheLastRequestAndIdentifiersOfDecisionsTasksRulesAndTheNewestTurns() throws Exception {
        Talk talk = new Talk()
                .user("We decided to deploy to eu-west-3 through PLAT-77.").assistant("Noted.")
                .user("Never restart db-9.internal during business hours.").assistant("Understood.")
                .user("By the way ticket OLD-1 came up in the retro.").assistant("Interesting.")
                .user("TODO: rotate the key in vault/prod/api.").assistant("On it.");
        for (int i = 0; i < 5; i++) {
            talk.user("Filler question number " + i + " about the weather.").assistant("It is sunny.");
        }
        talk.user("Bob saw build 4411 fail.").assistant("I will look.")
                .user("Please ship release v2.4.1 to staging.").assistant("Shipping.")
                .user("Recent turn one.").assistant("ok").user("Recent turn two.").assistant("ok");
        RecordingSummarizer s = RecordingSummarizer.extractive();
        compact(Talk.request(talk.turns(), 100_000, Talk.settings(2, 400), null, s));
        List<String> mustKeep = s.requests.get(0).mustKeep();
        assertThat(mustKeep.get(0)).isEqualTo("Please ship release v2.4.1 to staging.");
        assertThat(mustKeep).contains("v2.4.1", "Bob", "4411", "eu-west-3", "PLAT-77", "db-9.internal",
                "vault/prod/api").doesNotContain("OLD-1");
        assertThat(mustKeep.indexOf("v2.4.1")).as("the last request's identifiers come first")
                .isLessThan(mustKeep.indexOf("PLAT-77"));
    }

    @Test
    void instructionsReachEveryCall() throws Exception {
        RecordingSummarizer s = RecordingSummarizer.extractive();
        compact(Talk.request(chat(200), 2_000, new CompactionSettings(2, 300, true, "focus on build 1042"), null, s));
        assertThat(s.requests).hasSizeGreaterThan(1).allSatisfy(r -> assertThat(r.instructions())
                .isEqualTo("focus on build 1042"));
    }

    @Test
    void aHistoryLargerThanOneCallIsSummarisedInOrderedBoundedChunks() throws Exception {
        List<Turn> turns = chat(400);
        int budget = 5_000;
        int chunk = auto.chunkTokens(turns.subList(0, 398), budget);
        RecordingSummarizer s = RecordingSummarizer.extractive();
        List<String> outputs = new java.util.concurrent.CopyOnWriteArrayList<>();
        Summarizer tap = req -> s.summarize(req).thenApply(out -> {
            outputs.add(out);
            return out;
        });
        CompactionResult.Changed c = (CompactionResult.Changed) compact(
                Talk.request(turns, budget, Talk.settings(2, 400), null, tap));
        assertThat(chunk).isEqualTo(2_000);
        assertThat(s.requests).hasSizeGreaterThan(5);
        int last = -1;
        for (int i = 0; i < s.requests.size(); i++) {
            SummaryRequest r = s.requests.get(i);
            assertThat(Talk.ESTIMATOR.estimate(r.text())).as("call %d input", i).isLessThanOrEqualTo(chunk);
            assertThat(r.previousSummary()).as("call %d gets the partial summary", i)
                    .isEqualTo(i == 0 ? null : outputs.get(i - 1));
            int first = Integer.parseInt(r.text().replaceAll("(?s)^user: Turn (\\d+):.*", "$1"));
            assertThat(first).as("chunks in order, whole turns").isEqualTo(last + 1);
            last = Integer.parseInt(r.text().replaceAll("(?s).*user: Turn (\\d+):.*", "$1"));
        }
        assertThat(last).isEqualTo(397);
        assertThat(c.note()).contains("in " + s.requests.size() + " summariser calls");
        assertThat(c.tokensAfter()).isLessThanOrEqualTo(budget);
    }

    @Test
    void theChunkRatioDropsTowardsTheMinimumWhenMessagesAreLarge() {
        assertThat(auto.chunkTokens(chat(10), 100_000)).isEqualTo(40_000);
        Talk big = new Talk();
        for (int i = 0; i < 4; i++) {
            big.user("x".repeat(40_000)).assistant("y".repeat(40_000)); // 10k tokens a message: 12% of 100k
        }
        int chunk = auto.chunkTokens(big.turns(), 100_000);
        assertThat(chunk).isLessThan(40_000).isGreaterThanOrEqualTo(15_000);
        Talk huge = new Talk().user("z".repeat(400_000));
        assertThat(auto.chunkTokens(huge.turns(), 100_000)).isEqualTo(15_000);
        assertThat(auto.chunkTokens(chat(10), 10)).as("floor").isEqualTo(AutoCompactor.MIN_CHUNK_TOKENS);
    }

    @Test
    void badConfigurationFailsNamingTheKey() {
        AutoCompactorProvider p = new AutoCompactorProvider();
        assertThatThrownBy(() -> p.create(Map.of("input-chunk-ratio", "lots")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parley.compactors.auto.input-chunk-ratio");
        assertThatThrownBy(() -> p.create(Map.of("input-chunk-ratio", "0.2", "min-chunk-ratio", "0.3")))
                .hasMessageContaining("min-chunk-ratio");
        assertThatThrownBy(() -> p.create(Map.of("output-chunk-tokens", "0"))).hasMessageContaining("output-chunk-tokens");
        assertThatThrownBy(() -> p.create(Map.of("input-chunk-size", "1"))).hasMessageContaining("unknown")
                .hasMessageContaining("input-chunk-ratio");
        assertThat(p.create(Map.of("input-chunk-ratio", "0.5", "min-chunk-ratio", "0.2", "output-chunk-tokens", "64")))
                .isNotNull();
    }

    @Test
    void aSummaryThatWouldGrowTheHistoryFailsTheCompaction() {
        Summarizer verbose = req -> CompletableFuture.completedFuture("blah ".repeat(10_000));
        assertThatThrownBy(() -> compact(Talk.request(chat(6), 100_000, Talk.settings(2, 100_000), null, verbose)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CompactionException.class)
                .hasMessageContaining("more than the");
    }

    @Test
    void anEmptySummaryFailsTheCompaction() {
        Summarizer empty = req -> CompletableFuture.completedFuture("  ");
        assertThatThrownBy(() -> compact(Talk.request(chat(6), 100_000, Talk.settings(2, 400), null, empty)))
                .cause().isInstanceOf(CompactionException.class).hasMessageContaining("empty summary");
    }

    @Test
    void aFailingSummariserFailsTheCompactionNamingTheCall() {
        Summarizer broken = req -> CompletableFuture.failedFuture(new CompactionException("endpoint returned HTTP 503"));
        assertThatThrownBy(() -> compact(Talk.request(chat(6), 100_000, Talk.settings(2, 400), null, broken)))
                .cause().isInstanceOf(CompactionException.class)
                .hasMessage("summariser call 1/1 failed: endpoint returned HTTP 503");
        Summarizer throwing = req -> {
            throw new IllegalStateException("bug");
        };
        assertThatThrownBy(() -> compact(Talk.request(chat(6), 100_000, Talk.settings(2, 400), null, throwing)))
                .cause().isInstanceOf(CompactionException.class).hasMessageContaining("bug");
    }

    @Test
    void anOverLongSummaryGetsOneCondensingCallWithASmallerLimit() throws Exception {
        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionRequest r = new CompactionRequest("k", chat(40), 100_000, Talk.settings(2, 300),
                dev.parley.compaction.spi.CompactionReason.MANUAL, null, s, text -> 2 * Tokens.estimate(text));
        CompactionResult.Changed c = (CompactionResult.Changed) auto.compact(r).toCompletableFuture().get();
        assertThat(s.requests).hasSize(2);
        SummaryRequest condense = s.requests.get(1);
        assertThat(condense.text()).isEmpty();
        assertThat(condense.maxTokens()).isLessThan(s.requests.get(0).maxTokens());
        assertThat(2 * Tokens.estimate(c.summary())).isLessThanOrEqualTo(300);
    }

    @Test
    void systemEntriesAreCarriedVerbatimAndOnlyOnce() throws Exception {
        String prompt = "You are the release agent.\n\nAlways answer in English.";
        Talk talk = new Talk().system(prompt).user("Ship v1.0.0 please.").assistant("Done.");
        for (int i = 0; i < 6; i++) {
            talk.user("Question " + i + ": is host web-" + i + ".example.com still on the old kernel?")
                    .assistant("Host web-" + i + ".example.com runs kernel 6.1." + i + " since the upgrade on Monday.");
        }
        CompactionResult.Changed first = (CompactionResult.Changed) compact(Talk.request(talk.turns(), 100_000,
                Talk.settings(2, 400), null, RecordingSummarizer.extractive()));
        assertThat(first.summary()).startsWith(SystemBlock.OPEN + "\n" + prompt + "\n" + SystemBlock.CLOSE);

        Talk more = new Talk();
        for (int i = 0; i < 6; i++) {
            more.user("Later question " + i + ": did job J-" + i + " finish on the batch cluster?")
                    .assistant("Job J-" + i + " finished after " + (10 + i) + " minutes on the batch cluster.");
        }
        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionResult.Changed second = (CompactionResult.Changed) compact(Talk.request(more.turns(), 100_000,
                Talk.settings(2, 400), new PreviousSummary(first.summary(), first.summaryChunks()), s));
        assertThat(second.summary()).startsWith(SystemBlock.OPEN + "\n" + prompt + "\n" + SystemBlock.CLOSE);
        assertThat(second.summary().split("Always answer in English", -1)).hasSize(2);
        assertThat(s.requests.get(0).previousSummary()).doesNotContain(SystemBlock.OPEN);
    }

    @Test
    void theSummaryIsSplitIntoParagraphChunksThatJoinBackToIt() throws Exception {
        AutoCompactor small = (AutoCompactor) new AutoCompactorProvider().create(Map.of("output-chunk-tokens", "40"));
        CompactionResult.Changed c = (CompactionResult.Changed) small.compact(Talk.request(chat(30), 100_000,
                Talk.settings(2, 600), null, RecordingSummarizer.extractive())).toCompletableFuture().get();
        assertThat(c.summaryChunks()).hasSizeGreaterThan(2);
        assertThat(String.join("\n\n", c.summaryChunks())).isEqualTo(c.summary());
        for (String chunk : c.summaryChunks()) {
            assertThat(c.summary()).as("chunks end at paragraph breaks").satisfiesAnyOf(
                    s -> assertThat(s).endsWith(chunk), s -> assertThat(s).contains(chunk + "\n\n"));
        }

        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionResult.Changed plain = (CompactionResult.Changed) small.compact(Talk.request(chat(300), 2_000,
                new CompactionSettings(2, 600, false, null), null, s)).toCompletableFuture().get();
        assertThat(plain.summaryChunks()).containsExactly(plain.summary());
        assertThat(s.requests).as("adaptiveChunking=false: one call").hasSize(1);
    }

    @Test
    void aLongLastRequestIsKeptAsAVerbatimPrefixAndCountedAsRequired() throws Exception {
        StringBuilder request = new StringBuilder("Please migrate the following services:");
        for (int i = 0; i < 120; i++) {
            request.append(" service-").append(i).append(" to node n").append(i % 7).append(',');
        }
        Talk talk = new Talk();
        Synthetic.filler(talk, new java.util.Random(9), 30);
        talk.user(request.toString()).assistant("Starting with service-0.");
        Synthetic.filler(talk, new java.util.Random(10), 3);
        RecordingSummarizer s = RecordingSummarizer.extractive();
        CompactionResult.Changed c = (CompactionResult.Changed) compact(Talk.request(talk.turns(), 100_000,
                Talk.settings(3, 1_000), null, s));
        String prefix = s.requests.get(0).mustKeep().get(0);
        assertThat(prefix.length()).isBetween(MustKeep.LAST_REQUEST_CHARS / 2, MustKeep.LAST_REQUEST_CHARS);
        assertThat(request.toString()).startsWith(prefix);
        assertThat(c.summary()).contains("Last user request:\n" + prefix);
        assertThat(c.note()).matches("kept (\\d+)/\\1 required .*");
    }
}
