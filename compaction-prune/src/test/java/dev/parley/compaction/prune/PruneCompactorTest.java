package dev.parley.compaction.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.CompactorProvider;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.PreviousSummary;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Trim;
import dev.parley.compaction.spi.Turn;
import dev.parley.compaction.spi.testkit.Histories;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PruneCompactorTest {
    private static final Compactor PRUNE = new PruneCompactorProvider().create(Map.of());

    private static CompactionResult run(Compactor c, List<Turn> turns, int budget, int keep, PreviousSummary prev)
            throws Exception {
        CompactionRequest req = new CompactionRequest("agent:main:main", turns, budget,
                new CompactionSettings(keep, 400, false, null), CompactionReason.OVERFLOW, prev,
                r -> CompletableFuture.failedFuture(new AssertionError("prune never summarises")),
                Histories.CHARS_OVER_4);
        return c.compact(req).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Entry msg(long seq, String role, String text, boolean system) {
        return new Entry(seq, "message", role, text, List.of(), List.of(), Histories.CHARS_OVER_4.estimate(text),
                true, system);
    }

    /** A turn of a user question, a tool call and its result of {@code resultChars} characters, and a reply. */
    private static Turn toolTurn(int index, long seq, int resultChars) {
        String content = "x".repeat(resultChars);
        String id = "toolu_" + index;
        List<Entry> entries = List.of(
                msg(seq, "user", "question number " + index, false),
                new Entry(seq + 1, "message", "assistant", "", List.of(new ToolUse(id, "bash", "{}")), List.of(),
                        5, true, false),
                new Entry(seq + 2, "message", "user", "", List.of(), List.of(new ToolResult(id, content, false)),
                        Histories.CHARS_OVER_4.estimate(content) + 4, true, false),
                msg(seq + 3, "assistant", "answer number " + index, false));
        return new Turn(index, entries);
    }

    private static int tokens(List<Turn> turns) {
        return turns.stream().mapToInt(Turn::tokens).sum();
    }

    @Test
    void isRegisteredAsAServiceNamedPrune() {
        assertThat(ServiceLoader.load(CompactorProvider.class).stream().map(p -> p.get().name()))
                .containsExactly("prune");
    }

    @Test
    void trimsOversizedToolResultsBeforeDroppingTurns() throws Exception {
        List<Turn> turns = List.of(toolTurn(0, 1, 20_000), toolTurn(1, 5, 100), toolTurn(2, 9, 100));
        int before = tokens(turns);
        CompactionResult r = run(PRUNE, turns, before - 2000, 1, null);

        CompactionResult.Changed c = (CompactionResult.Changed) r;
        assertThat(c.turnsRemoved()).isZero();
        assertThat(c.firstKeptSeq()).isEqualTo(1);
        assertThat(c.trims()).containsExactly(new Trim(3, 0, 2000, 2000));
        assertThat(c.tokensAfter()).isLessThanOrEqualTo(before - 2000);
        assertThat(c.note()).contains("trimmed 1 tool result").doesNotContain("dropped");
    }

    @Test
    void dropsTheOldestTurnsWhenTrimmingIsNotEnough() throws Exception {
        List<Turn> turns = List.of(toolTurn(0, 1, 300), toolTurn(1, 5, 300), toolTurn(2, 9, 300),
                toolTurn(3, 13, 300));
        CompactionResult.Changed c = (CompactionResult.Changed) run(PRUNE, turns, tokens(turns.subList(2, 4)), 1,
                null);

        assertThat(c.turnsRemoved()).isEqualTo(2);
        assertThat(c.firstKeptSeq()).isEqualTo(9);
        assertThat(c.trims()).isEmpty();
        assertThat(c.tokensAfter()).isEqualTo(tokens(turns.subList(2, 4)));
        assertThat(c.note()).isEqualTo("prune: dropped 2 turns (seq 1-8, " + tokens(turns.subList(0, 2))
                + " tokens)");
    }

    @Test
    void neverTrimsInsideTheRecentTurns() throws Exception {
        List<Turn> turns = List.of(toolTurn(0, 1, 50), toolTurn(1, 5, 50_000));
        CompactionResult r = run(PRUNE, turns, 10, 1, null);

        CompactionResult.Changed c = (CompactionResult.Changed) r;
        assertThat(c.trims()).isEmpty();
        assertThat(c.firstKeptSeq()).isEqualTo(5);
        assertThat(c.note()).endsWith("still over budget");
    }

    @Test
    void carriesThePreviousSummaryForwardUnchanged() throws Exception {
        PreviousSummary prev = new PreviousSummary("We agreed on port 5432.\n\nTicket JIRA-1.",
                List.of("We agreed on port 5432.", "Ticket JIRA-1."));
        List<Turn> turns = Histories.random(7, 12, 100);
        CompactionResult.Changed c = (CompactionResult.Changed) run(PRUNE, turns, tokens(turns) / 2, 2, prev);

        assertThat(c.summary()).isEqualTo(prev.text());
        assertThat(c.summaryChunks()).isEqualTo(prev.chunks());
        int summaryTokens = Histories.CHARS_OVER_4.estimate(prev.text());
        assertThat(c.tokensBefore()).isEqualTo(tokens(turns) + summaryTokens);
    }

    @Test
    void withoutAPreviousSummaryTheSummaryIsEmpty() throws Exception {
        List<Turn> turns = Histories.random(8, 12, 1);
        CompactionResult.Changed c = (CompactionResult.Changed) run(PRUNE, turns, tokens(turns) / 2, 2, null);

        assertThat(c.summary()).isEmpty();
        assertThat(c.summaryChunks()).isEmpty();
    }

    @Test
    void fitsTheBudgetWheneverTheRecentTurnsFit() throws Exception {
        long base = System.nanoTime();
        System.out.println("fitsTheBudgetWheneverTheRecentTurnsFit base seed " + base);
        for (long seed = base; seed < base + 40; seed++) {
            List<Turn> turns = Histories.random(seed, 25, 1);
            int keep = 1 + (int) Math.floorMod(seed, 5);
            int recent = tokens(turns.subList(turns.size() - keep, turns.size()));
            int budget = recent + (int) Math.floorMod(seed * 31, Math.max(1, tokens(turns) - recent));
            CompactionResult r = run(PRUNE, turns, budget, keep, null);
            if (tokens(turns) <= budget) {
                assertThat(r).as("seed %d", seed).isInstanceOf(CompactionResult.Unchanged.class);
            } else {
                CompactionResult.Changed c = (CompactionResult.Changed) r;
                assertThat(c.tokensAfter()).as("seed %d", seed).isLessThanOrEqualTo(budget);
                assertThat(c.tokensBefore()).as("seed %d", seed).isEqualTo(tokens(turns));
                long firstRecent = turns.get(turns.size() - keep).firstSeq();
                assertThat(c.firstKeptSeq()).as("seed %d", seed).isLessThanOrEqualTo(firstRecent);
                assertThat(c.note()).as("seed %d", seed).doesNotContain("still over budget");
            }
        }
    }

    @Test
    void isUnchangedWhenEverythingIsWithinTheRecentTurns() throws Exception {
        List<Turn> turns = Histories.random(3, 4, 1);
        CompactionResult r = run(PRUNE, turns, 1, 4, null);

        assertThat(r).isEqualTo(new CompactionResult.Unchanged("Nothing to prune: all 4 turns are recent turns"));
    }

    @Test
    void isUnchangedWhenTheHistoryAlreadyFits() throws Exception {
        List<Turn> turns = Histories.random(3, 6, 1);
        assertThat(run(PRUNE, turns, tokens(turns), 1, null)).isInstanceOf(CompactionResult.Unchanged.class);
    }

    @Test
    void isUnchangedWhenTheOldestTurnHoldsTheSystemPromptAndNothingIsOversized() throws Exception {
        List<Turn> turns = new ArrayList<>();
        turns.add(new Turn(0, List.of(msg(1, "system", "You are a helpful agent.", true))));
        turns.add(toolTurn(1, 2, 100));
        turns.add(toolTurn(2, 6, 100));
        CompactionResult r = run(PRUNE, turns, 1, 2, null);

        assertThat(r).isEqualTo(new CompactionResult.Unchanged(
                "Nothing to prune: the oldest turn holds the system prompt"));
    }

    @Test
    void stopsDroppingAtATurnHoldingASystemEntry() throws Exception {
        List<Turn> turns = new ArrayList<>();
        turns.add(toolTurn(0, 1, 100));
        Turn withNotice = new Turn(1, List.of(msg(5, "user", "hello", false),
                msg(6, "system", "Context overflow, run /compact", true), msg(7, "assistant", "hi", false)));
        turns.add(withNotice);
        turns.add(toolTurn(2, 8, 100));
        turns.add(toolTurn(3, 12, 100));
        CompactionResult.Changed c = (CompactionResult.Changed) run(PRUNE, turns, 1, 1, null);

        assertThat(c.turnsRemoved()).isEqualTo(1);
        assertThat(c.firstKeptSeq()).isEqualTo(5);
    }

    @Test
    void keepsTheNewestTurnEvenWithZeroRecentTurns() throws Exception {
        List<Turn> turns = Histories.random(11, 5, 1);
        CompactionResult.Changed c = (CompactionResult.Changed) run(PRUNE, turns, 0, 0, null);

        assertThat(c.turnsRemoved()).isEqualTo(4);
        assertThat(c.firstKeptSeq()).isEqualTo(turns.get(4).firstSeq());
    }

    @Test
    void trimsNeverSplitASurrogatePair() {
        PruneCompactor c = new PruneCompactor(100);
        String content = "a".repeat(49) + "😀".repeat(100) + "b".repeat(49);
        Trim t = c.trimOf(1, 0, content);

        assertThat(Character.isHighSurrogate(content.charAt(t.headChars() - 1))).isFalse();
        assertThat(Character.isLowSurrogate(content.charAt(content.length() - t.tailChars()))).isFalse();
    }

    @Test
    void configuredTrimLimitIsUsed() throws Exception {
        Compactor small = new PruneCompactorProvider().create(Map.of("max-tool-result-chars", "100"));
        List<Turn> turns = List.of(toolTurn(0, 1, 1000), toolTurn(1, 5, 10));
        CompactionResult.Changed c = (CompactionResult.Changed) run(small, turns, tokens(turns) - 100, 1, null);

        assertThat(c.trims()).containsExactly(new Trim(3, 0, 50, 50));
    }

    @Test
    void invalidTrimLimitIsRejectedNamingTheKey() {
        CompactorProvider p = new PruneCompactorProvider();
        assertThatThrownBy(() -> p.create(Map.of("max-tool-result-chars", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parley.compactors.prune.max-tool-result-chars");
        assertThatThrownBy(() -> p.create(Map.of("max-tool-result-chars", "10")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
