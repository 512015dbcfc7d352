package dev.parley.core.compaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.Turn;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import dev.parley.core.store.ChannelFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine through the public facade, with compactors supplied as plugins (SPEC §5, §6). */
class CompactionEngineTest {
    static final String KEY = "agent:main:telegram:dm:42";
    static final Path FILE = Path.of("agents/main/sessions/agent_main_telegram_dm_42.jsonl");

    @TempDir
    Path dir;
    SessionService service;
    final List<String> events = new CopyOnWriteArrayList<>();
    Function<dev.parley.compaction.spi.CompactionRequest, CompletableFuture<CompactionResult>> behaviour;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
        StoreInvariants.check(dir);
    }

    void open(Map<String, String> props) {
        CompactionPlugins plugins = new CompactionPlugins() {
            @Override
            public Compactor compactor(String name, String agentId) {
                return req -> behaviour.apply(req);
            }

            @Override
            public Summarizer summarizer(String name, String agentId) {
                return req -> CompletableFuture.completedFuture(req.text());
            }

            @Override
            public TokenEstimator estimator(String name, String agentId) {
                return text -> text.length() / 4;
            }

            @Override
            public String describe(String kind, String name) {
                return name + " (test)";
            }
        };
        CompactionListener listener = new CompactionListener() {
            @Override
            public void compacted(String sessionKey, String strategy, CompactOutcome outcome) {
                events.add("compacted:" + strategy);
            }

            @Override
            public void failed(String sessionKey, String plugin, String reason) {
                events.add("failed:" + plugin + ":" + reason);
            }

            @Override
            public void overflow(String sessionKey) {
                events.add("overflow");
            }
        };
        service = SessionService.open(SessionOptions.defaults(dir).withProperties(props), ChannelFactory.DEFAULT,
                plugins, listener);
    }

    static Map<String, String> smallWindow(String mode) {
        return Map.of("parley.defaults.context-window", "1500", "parley.defaults.max-output-tokens", "200",
                "parley.context.buffer-tokens", "0", "parley.session.compaction.mode", mode,
                "parley.session.compaction.keep-recent-turns", "2");
    }

    static ObjectNode msg(String role, String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", role).put("content", text);
        return e;
    }

    void turn(int i) {
        service.append(KEY, List.of(msg("user", "Question " + i + ": please check host db-" + i + ".internal now."),
                msg("assistant", "Answer " + i + " ".repeat(1) + "x".repeat(200))), null).await().atMost(Duration.ofSeconds(5));
    }

    /** Drops every turn but the recent ones, with a summary that keeps the last request and its identifiers. */
    static CompletableFuture<CompactionResult> dropOld(dev.parley.compaction.spi.CompactionRequest req) {
        List<Turn> turns = req.turns();
        int keep = req.settings().keepRecentTurns();
        if (turns.size() <= keep) {
            return CompletableFuture.completedFuture(new CompactionResult.Unchanged("nothing to do"));
        }
        List<Turn> old = turns.subList(0, turns.size() - keep);
        StringBuilder summary = new StringBuilder("Summary.");
        for (Turn t : old) {
            t.entries().forEach(e -> summary.append(' ').append(e.text().length() > 60 ? "" : e.text()));
        }
        int kept = turns.subList(turns.size() - keep, turns.size()).stream().mapToInt(Turn::tokens).sum();
        return CompletableFuture.completedFuture(new CompactionResult.Changed(summary.toString(),
                List.of(summary.toString()), turns.get(turns.size() - keep).firstSeq(), old.size(),
                req.historyTokens(), kept + summary.length() / 4, List.of(), null));
    }

    long await(Runnable r) {
        r.run();
        return 0;
    }

    @Test
    void overflowRunsTheConfiguredCompactorAndTheViewFitsAgain() throws Exception {
        behaviour = CompactionEngineTest::dropOld;
        open(smallWindow("auto"));
        for (int i = 0; i < 30; i++) {
            turn(i);
        }
        waitFor(() -> events.contains("compacted:auto"));
        var ctx = service.context(KEY).await().indefinitely();
        assertThat(ctx.summary()).startsWith("Summary.");
        assertThat(ctx.estimatedTokens()).isLessThanOrEqualTo(ctx.availableForHistory());
        assertThat(ctx.overBudget()).isFalse();
        var history = service.history(KEY, 1000, null, false).await().indefinitely().entries();
        ObjectNode compact = history.stream().filter(e -> e.get("type").asText().equals("compact")).findFirst().orElseThrow();
        assertThat(compact.get("strategy").asText()).isEqualTo("auto");
        assertThat(compact.get("reason").asText()).isEqualTo("overflow");
        assertThat(compact.get("note").asText()).contains("required");
        assertThat(service.get(KEY).await().indefinitely().get("compactionCount").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void manualModeNeverCompactsButWritesOneNoticePerOverflowEpisode() {
        behaviour = req -> {
            throw new AssertionError("manual mode must not call a compactor");
        };
        open(smallWindow("manual"));
        for (int i = 0; i < 30; i++) {
            turn(i);
        }
        waitFor(() -> events.contains("overflow"));
        var history = service.history(KEY, 1000, null, false).await().indefinitely().entries();
        assertThat(history.stream().filter(e -> e.path("notice").asBoolean(false))).hasSize(1)
                .allSatisfy(n -> assertThat(n.at("/message/content").asText()).isEqualTo("Context overflow, run /compact"));
        var ctx = service.context(KEY).await().indefinitely();
        assertThat(ctx.overBudget()).isTrue();
        assertThat(ctx.estimatedTokens()).isLessThanOrEqualTo(ctx.availableForHistory());
        assertThat(events).doesNotContain("compacted:auto");
    }

    @Test
    void aFailingCompactorWritesNothingAndTheErrorNamesThePlugin() throws Exception {
        behaviour = req -> CompletableFuture.failedFuture(new CompactionException("endpoint returned HTTP 500"));
        open(Map.of("parley.session.compaction.keep-recent-turns", "1", "parley.session.compaction.safeguard", "false"));
        for (int i = 0; i < 5; i++) {
            turn(i);
        }
        byte[] before = Files.readAllBytes(dir.resolve(FILE));
        Throwable t = catchThrowable(() -> service.compact(KEY, null, null).await().atMost(Duration.ofSeconds(10)));
        assertThat(t).isInstanceOfSatisfying(ParleyException.class, p -> {
            assertThat(p.code()).isEqualTo(ErrorCode.COMPACTION_FAILED);
            assertThat(p.data().get("plugin")).isEqualTo("auto (test)");
            assertThat((String) p.data().get("reason")).contains("HTTP 500");
        });
        assertThat(Files.readAllBytes(dir.resolve(FILE))).isEqualTo(before);
    }

    @Test
    void aSummaryThatLosesTheLastRequestFailsTheQualityGateAndWritesNothing() throws Exception {
        behaviour = req -> CompletableFuture.completedFuture(new CompactionResult.Changed("They talked.", List.of(),
                req.turns().get(req.turns().size() - 1).firstSeq(), req.turns().size() - 1, req.historyTokens(), 5,
                List.of(), null));
        open(Map.of("parley.session.compaction.keep-recent-turns", "1"));
        for (int i = 0; i < 5; i++) {
            turn(i);
        }
        byte[] before = Files.readAllBytes(dir.resolve(FILE));
        Throwable t = catchThrowable(() -> service.compact(KEY, null, null).await().atMost(Duration.ofSeconds(10)));
        assertThat(t).isInstanceOfSatisfying(ParleyException.class, p -> {
            assertThat(p.code()).isEqualTo(ErrorCode.COMPACTION_FAILED);
            assertThat((String) p.data().get("reason")).contains("last user request");
        });
        assertThat(Files.readAllBytes(dir.resolve(FILE))).isEqualTo(before);
        assertThat(events).anyMatch(e -> e.startsWith("failed:auto (test)"));
    }

    @Test
    void aResultThatTouchesTheRecentTurnsIsRejected() throws Exception {
        behaviour = req -> CompletableFuture.completedFuture(new CompactionResult.Changed("", List.of(),
                req.turns().get(req.turns().size() - 1).firstSeq(), req.turns().size() - 1, req.historyTokens(), 5,
                List.of(), null));
        open(Map.of("parley.session.compaction.keep-recent-turns", "3"));
        for (int i = 0; i < 6; i++) {
            turn(i);
        }
        byte[] before = Files.readAllBytes(dir.resolve(FILE));
        Throwable t = catchThrowable(() -> service.compact(KEY, null, "prune").await().atMost(Duration.ofSeconds(10)));
        assertThat(t).isInstanceOfSatisfying(ParleyException.class,
                p -> assertThat((String) p.data().get("reason")).contains("last 3 turns"));
        assertThat(Files.readAllBytes(dir.resolve(FILE))).isEqualTo(before);
    }

    @Test
    void aSecondCompactionWhileOneRunsAnswersInProgress() {
        CompletableFuture<CompactionResult> gate = new CompletableFuture<>();
        behaviour = req -> gate;
        open(Map.of("parley.session.compaction.keep-recent-turns", "1"));
        for (int i = 0; i < 4; i++) {
            turn(i);
        }
        var first = service.compact(KEY, null, null).subscribeAsCompletionStage();
        waitFor(() -> true);
        CompactOutcome second = service.compact(KEY, null, null).await().atMost(Duration.ofSeconds(5));
        assertThat(second.compacted()).isFalse();
        assertThat(second.reason()).isEqualTo("in_progress");
        gate.complete(new CompactionResult.Unchanged("done"));
        assertThat(first.toCompletableFuture().join().compacted()).isFalse();
    }

    @Test
    void appendsContinueWhileACompactionRunsAndStayAfterTheCompactEntry() {
        CompletableFuture<CompactionResult> release = new CompletableFuture<>();
        behaviour = req -> release.thenCompose(x -> dropOld(req));
        open(Map.of("parley.session.compaction.keep-recent-turns", "2"));
        for (int i = 0; i < 6; i++) {
            turn(i);
        }
        var running = service.compact(KEY, "focus on hosts", null).subscribeAsCompletionStage();
        turn(100);
        release.complete(null);
        CompactOutcome out = running.toCompletableFuture().join();
        assertThat(out.compacted()).isTrue();
        var entries = service.history(KEY, 1000, null, false).await().indefinitely().entries();
        ObjectNode last = entries.get(entries.size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("compact");
        var ctx = service.context(KEY).await().indefinitely();
        assertThat(ctx.entries()).anyMatch(e -> e.at("/message/content").asText().contains("Question 100"));
    }

    @Test
    void safeguardDropsUndeliveredMessagesAndRetriesOnce() {
        AtomicInteger calls = new AtomicInteger();
        behaviour = req -> {
            calls.incrementAndGet();
            boolean undelivered = req.turns().stream().flatMap(t -> t.entries().stream()).anyMatch(e -> !e.delivered());
            return undelivered ? CompletableFuture.failedFuture(new CompactionException("input too large"))
                    : dropOld(req);
        };
        open(Map.of("parley.session.compaction.keep-recent-turns", "1"));
        turn(0);
        ObjectNode lost = msg("assistant", "a send that never arrived");
        lost.put("delivered", false);
        service.append(KEY, List.of(lost), null).await().indefinitely();
        turn(1);
        turn(2);
        CompactOutcome out = service.compact(KEY, null, null).await().atMost(Duration.ofSeconds(10));
        assertThat(out.compacted()).isTrue();
        assertThat(calls.get()).isEqualTo(2);
        var entries = service.history(KEY, 1000, null, false).await().indefinitely().entries();
        assertThat(entries.get(entries.size() - 1).get("note").asText()).contains("Safeguard").contains("undelivered");
    }

    static void waitFor(java.util.function.BooleanSupplier cond) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(cond.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }
}
