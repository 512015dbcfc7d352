package dev.parley.core.compaction.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.TokenEstimator;
import dev.parley.compaction.spi.testkit.Histories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Compactor, summariser and estimator calls through the registry, against the {@code flaky} plugin jar whose
 * behaviour is chosen per agent ({@code parley.agents.<behaviour>.<kind>s.flaky.behaviour=<behaviour>}).
 */
class GuardedCallsTest {
    private static final List<String> BEHAVIOURS = List.of("ok", "throw", "fail", "fail-unchecked", "hang", "block",
            "null", "null-result", "empty", "oom", "negative");

    @TempDir
    static Path stateDir;
    static CompactionRegistry registry;

    @BeforeAll
    static void loadFlakyPlugin() throws IOException {
        PluginJars.build(PluginJars.testPlugin("flaky"), stateDir.resolve("plugins/flaky.jar"));
        Map<String, String> config = new HashMap<>();
        config.put("parley.session.compaction.timeout", "300ms");
        config.put("parley.agents.patient.compaction.timeout", "5s");
        for (String b : BEHAVIOURS) {
            for (String kind : List.of("compactors", "summarizers", "estimators")) {
                config.put("parley.agents." + b + "." + kind + ".flaky.behaviour", b);
            }
        }
        registry = CompactionRegistry.builder().stateDir(stateDir).config(config).build();
    }

    @AfterAll
    static void close() {
        registry.close();
    }

    private static CompactionRequest request() {
        return new CompactionRequest("agent:main:main", Histories.random(3, 4, 1), 100,
                new CompactionSettings(2, 400, true, null), CompactionReason.OVERFLOW, null,
                r -> CompletableFuture.completedFuture("unused"), Histories.CHARS_OVER_4);
    }

    private static SummaryRequest summaryRequest() {
        return new SummaryRequest("user: hello", null, null, 100, List.of());
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void healthyCallsPassThrough() throws Exception {
        assertThat(registry.compactor("flaky", "ok").compact(request()).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new CompactionResult.Unchanged("flaky ok"));
        assertThat(registry.summarizer("flaky", "ok").summarize(summaryRequest()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS)).isEqualTo("a summary");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "throw          | java.lang.IllegalStateException: flaky threw",
            "fail           | endpoint returned HTTP 429",
            "fail-unchecked | java.lang.UnsupportedOperationException: no can do",
            "hang           | timed out after 300ms",
            "block          | timed out after 300ms",
            "null           | returned null instead of a CompletionStage",
            "null-result    | returned no result"})
    void aMisbehavingCompactorFailsWithAnExceptionNamingThePlugin(String behaviour, String reason) {
        long start = System.nanoTime();
        Throwable t = failureOf(registry.compactor("flaky", behaviour).compact(request()));

        assertThat(t).isInstanceOf(PluginFailedException.class).isInstanceOf(CompactionException.class)
                .hasMessage("compactor 'flaky' (flaky.jar) failed: " + reason);
        PluginFailedException p = (PluginFailedException) t;
        assertThat(p.plugin()).isEqualTo("flaky");
        assertThat(p.source()).isEqualTo("flaky.jar");
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "throw       | java.lang.IllegalStateException: flaky threw",
            "fail        | endpoint returned HTTP 429",
            "hang        | timed out after 300ms",
            "block       | timed out after 300ms",
            "null        | returned null instead of a CompletionStage",
            "null-result | returned an empty summary",
            "empty       | returned an empty summary"})
    void aMisbehavingSummarizerFailsWithAnExceptionNamingThePlugin(String behaviour, String reason) {
        Throwable t = failureOf(registry.summarizer("flaky", behaviour).summarize(summaryRequest()));

        assertThat(t).isInstanceOf(PluginFailedException.class)
                .hasMessage("summarizer 'flaky' (flaky.jar) failed: " + reason);
    }

    @Test
    void thePluginsOwnExceptionIsKeptAsTheCause() {
        Throwable t = failureOf(registry.compactor("flaky", "fail").compact(request()));

        assertThat(t.getCause()).isInstanceOf(CompactionException.class).hasMessage("endpoint returned HTTP 429");
    }

    @Test
    void virtualMachineErrorsPropagateUnwrapped() {
        assertThat(failureOf(registry.compactor("flaky", "oom").compact(request())))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("flaky oom");
        assertThat(failureOf(registry.summarizer("flaky", "oom").summarize(summaryRequest())))
                .isInstanceOf(OutOfMemoryError.class);
    }

    @Test
    void aFailedSummarizerInsideACompactorIsReportedAsTheSummarizer() throws Exception {
        var summarizer = registry.summarizer("flaky", "fail");
        Compactor callsTheSummarizer = req -> summarizer.summarize(summaryRequest())
                .thenApply(s -> new CompactionResult.Unchanged(s));
        Registered fake = new Registered(ProviderKind.COMPACTOR, "auto", "", "built-in", "the class path",
                new Object());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try {
            PluginCalls calls = new PluginCalls(Runnable::run, timer);
            Throwable t = failureOf(calls.compactor(fake, callsTheSummarizer, Duration.ofSeconds(10))
                    .compact(request()));
            assertThat(t).hasMessage("summarizer 'flaky' (flaky.jar) failed: endpoint returned HTTP 429");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void anEstimatorThatThrowsFallsBackToHeuristicForThatCall() {
        TokenEstimator flaky = registry.estimator("flaky", "throw");
        long before = registry.estimatorFallbacks();

        assertThat(flaky.estimate("abcdefgh")).isEqualTo(2);
        assertThat(flaky.estimate("你好")).isEqualTo(2);
        assertThat(registry.estimatorFallbacks()).isEqualTo(before + 2);
    }

    @Test
    void anEstimatorReturningANegativeCountFallsBackToHeuristic() {
        long before = registry.estimatorFallbacks();

        assertThat(registry.estimator("flaky", "negative").estimate("abcd")).isEqualTo(1);
        assertThat(registry.estimatorFallbacks()).isEqualTo(before + 1);
    }

    @Test
    void aHealthyEstimatorIsUsedAsIs() {
        assertThat(registry.estimator("flaky", "ok").estimate("anything")).isEqualTo(42);
    }

    @Test
    void timeoutsComeFromTheAgentThenTheGlobalKey() {
        assertThat(registry.timeout("patient")).isEqualTo(Duration.ofSeconds(5));
        assertThat(registry.timeout("main")).isEqualTo(Duration.ofMillis(300));
        assertThat(registry.timeout(null)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void callsAfterCloseFailNamingThePlugin(@TempDir Path other) throws IOException {
        Files.createDirectories(other.resolve("plugins"));
        Files.copy(stateDir.resolve("plugins/flaky.jar"), other.resolve("plugins/flaky.jar"));
        CompactionRegistry r = CompactionRegistry.builder().stateDir(other).build();
        Compactor c = r.compactor("flaky", "main");
        r.close();

        assertThatThrownBy(() -> c.compact(request()).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PluginFailedException.class)
                .hasMessageContaining("compactor 'flaky' (flaky.jar) failed: not run");
    }
}
