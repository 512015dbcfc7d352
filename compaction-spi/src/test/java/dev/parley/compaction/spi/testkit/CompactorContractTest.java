package dev.parley.compaction.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Entry;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.ToolResult;
import dev.parley.compaction.spi.ToolUse;
import dev.parley.compaction.spi.Trim;
import dev.parley.compaction.spi.Turn;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every {@link Compactor} must keep (SPEC §1.1, §6). A plugin author extends this class in a test
 * and implements {@link #compactor()}:
 *
 * <pre>{@code
 * class MyCompactorContractTest extends CompactorContractTest {
 *     protected Compactor compactor() { return new MyCompactorProvider().create(Map.of()); }
 * }
 * }</pre>
 *
 * It checks, over seeded random histories (the seed is printed; rerun one with {@code -Dparley.seed=…}):
 * tool pairs are kept together, the recent turns are untouched, the result never has more tokens than it got,
 * and an empty history is handled. Override {@link #summarizer()} to give a compactor a summariser it expects.
 */
public abstract class CompactorContractTest {

    /** The compactor under test; called once per test. */
    protected abstract Compactor compactor();

    /** The summariser handed to the compactor: by default the first sentences of the text, within maxTokens. */
    protected Summarizer summarizer() {
        return req -> {
            String text = (req.previousSummary() == null ? "" : req.previousSummary() + "\n\n") + req.text();
            int maxChars = Math.max(16, req.maxTokens() * 4 - 8);
            return CompletableFuture.completedFuture(text.length() <= maxChars ? text : text.substring(0, maxChars));
        };
    }

    static Stream<Long> seeds() {
        String fixed = System.getProperty("parley.seed");
        if (fixed != null) {
            return Stream.of(Long.parseLong(fixed));
        }
        long base = System.nanoTime();
        System.out.println("CompactorContractTest base seed " + base + " (rerun one case with -Dparley.seed=<seed>)");
        return Stream.iterate(base, s -> s + 1).limit(25);
    }

    private CompactionResult run(List<Turn> turns, int budget, int keepRecent) throws Exception {
        CompactionRequest req = new CompactionRequest("agent:test:slack:dm:u1", turns, budget,
                new CompactionSettings(keepRecent, 400, true, null), CompactionReason.OVERFLOW, null, summarizer(),
                Histories.CHARS_OVER_4);
        return compactor().compact(req).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static int tokens(List<Turn> turns) {
        return turns.stream().mapToInt(Turn::tokens).sum();
    }

    @Test
    void emptyHistoryIsHandled() throws Exception {
        CompactionResult r = run(List.of(), 1000, 3);
        if (r instanceof CompactionResult.Changed c) {
            assertThat(c.turnsRemoved()).isZero();
            assertThat(c.tokensAfter()).isLessThanOrEqualTo(c.tokensBefore());
        } else {
            assertThat(((CompactionResult.Unchanged) r).notice()).isNotNull();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void toolPairsStayTogether(long seed) throws Exception {
        List<Turn> turns = Histories.random(seed, 30, 1);
        CompactionResult r = run(turns, tokens(turns) / 3, 4);
        if (r instanceof CompactionResult.Changed c) {
            Set<Long> turnStarts = new HashSet<>();
            turns.forEach(t -> turnStarts.add(t.firstSeq()));
            assertThat(turnStarts).as("seed %d: firstKeptSeq starts a turn", seed).contains(c.firstKeptSeq());
            Set<String> keptUses = new HashSet<>();
            Set<String> keptResults = new HashSet<>();
            for (Turn t : turns) {
                for (Entry e : t.entries()) {
                    if (e.seq() >= c.firstKeptSeq()) {
                        e.toolUses().stream().map(ToolUse::id).forEach(keptUses::add);
                        e.toolResults().stream().map(ToolResult::toolUseId).forEach(keptResults::add);
                    }
                }
            }
            assertThat(keptResults).as("seed %d: every kept result has its call", seed).isSubsetOf(keptUses);
            assertThat(keptUses).as("seed %d: every kept call has its result", seed).isSubsetOf(keptResults);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void recentTurnsAreNeverTouched(long seed) throws Exception {
        int keep = 1 + (int) Math.floorMod(seed, 6);
        List<Turn> turns = Histories.random(seed, 20, 1);
        CompactionResult r = run(turns, tokens(turns) / 4, keep);
        if (r instanceof CompactionResult.Changed c) {
            long firstRecent = turns.get(turns.size() - keep).firstSeq();
            assertThat(c.firstKeptSeq()).as("seed %d: recent turns kept", seed).isLessThanOrEqualTo(firstRecent);
            for (Trim t : c.trims()) {
                assertThat(t.seq()).as("seed %d: no trim inside the recent turns", seed).isLessThan(firstRecent);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void neverReturnsMoreTokensThanItGot(long seed) throws Exception {
        List<Turn> turns = Histories.random(seed, 25, 1);
        int before = tokens(turns);
        CompactionResult r = run(turns, before / 2, 3);
        if (r instanceof CompactionResult.Changed c) {
            assertThat(c.tokensAfter()).as("seed %d", seed).isLessThanOrEqualTo(c.tokensBefore());
            assertThat(c.tokensBefore()).as("seed %d: tokensBefore counts what it got", seed).isGreaterThanOrEqualTo(0);
            assertThat(c.summaryChunks()).as("seed %d: chunks are never null", seed).isNotNull();
        }
    }

    @Test
    void historyWithinTheRecentTurnsIsLeftAlone() throws Exception {
        List<Turn> turns = Histories.random(42, 3, 1);
        CompactionResult r = run(turns, 1, 5);
        if (r instanceof CompactionResult.Changed c) {
            assertThat(c.firstKeptSeq()).isLessThanOrEqualTo(turns.get(0).firstSeq());
            assertThat(c.turnsRemoved()).isZero();
        }
    }
}
