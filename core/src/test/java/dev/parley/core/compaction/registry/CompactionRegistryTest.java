package dev.parley.core.compaction.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.compaction.spi.CompactionReason;
import dev.parley.compaction.spi.CompactionRequest;
import dev.parley.compaction.spi.CompactionResult;
import dev.parley.compaction.spi.CompactionSettings;
import dev.parley.compaction.spi.Compactor;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Turn;
import dev.parley.compaction.spi.testkit.Histories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompactionRegistryTest {
    private static final String SERVICES = "META-INF/services/dev.parley.compaction.spi.CompactorProvider";

    @TempDir
    static Path built;
    static Path tailKeeper;
    static Path broken;
    static Path dupeManual;

    @TempDir
    Path stateDir;
    private final List<CompactionRegistry> open = new ArrayList<>();

    @BeforeAll
    static void buildPluginJars() throws IOException {
        tailKeeper = PluginJars.build(PluginJars.testPlugin("tail-keeper"), built.resolve("tail-keeper.jar"));
        broken = PluginJars.build(PluginJars.testPlugin("broken"), built.resolve("broken.jar"));
        dupeManual = PluginJars.build(PluginJars.testPlugin("dupe-manual"), built.resolve("dupe-manual.jar"));
    }

    @AfterEach
    void closeRegistries() {
        open.forEach(CompactionRegistry::close);
    }

    private void install(Path jar) throws IOException {
        install(jar, jar.getFileName().toString());
    }

    private void install(Path jar, String as) throws IOException {
        Files.createDirectories(stateDir.resolve("plugins"));
        Files.copy(jar, stateDir.resolve("plugins").resolve(as));
    }

    private CompactionRegistry registry(Map<String, String> config) {
        CompactionRegistry r = CompactionRegistry.builder().stateDir(stateDir).config(config).build();
        open.add(r);
        return r;
    }

    private static CompactionResult compact(Compactor c, List<Turn> turns, int budget) throws Exception {
        CompactionRequest req = new CompactionRequest("agent:main:main", turns, budget,
                new CompactionSettings(3, 400, true, null), CompactionReason.OVERFLOW, null,
                r -> java.util.concurrent.CompletableFuture.completedFuture("unused"), Histories.CHARS_OVER_4);
        return c.compact(req).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static int tokens(List<Turn> turns) {
        return turns.stream().mapToInt(Turn::tokens).sum();
    }

    @Test
    void aPluginJarIsDiscoveredWithItsJarAsSourceAndRunsARealCompaction() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of());

        assertThat(registry.strategies().compactors())
                .contains(new StrategyInfo("tail-keeper", "Keeps the tail of the conversation", "tail-keeper.jar"));
        assertThat(registry.strategies().summarizers())
                .containsExactly(new StrategyInfo("first-line", "The first line of the conversation",
                        "tail-keeper.jar"));

        List<Turn> turns = Histories.random(20240601L, 12, 1);
        CompactionResult r = compact(registry.compactor("tail-keeper", "main"), turns, tokens(turns) / 2);
        CompactionResult.Changed c = (CompactionResult.Changed) r;
        assertThat(c.turnsRemoved()).isPositive();
        assertThat(c.tokensAfter()).isLessThanOrEqualTo(tokens(turns) / 2);
        assertThat(c.note()).startsWith("tail-keeper: dropped");

        String summary = registry.summarizer("first-line", "main")
                .summarize(new SummaryRequest("line one\nline two", null, null, 100, List.of()))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(summary).isEqualTo("line one");
    }

    @Test
    void builtInsAreRegisteredWithSourceBuiltIn() {
        Strategies s = registry(Map.of()).strategies();

        assertThat(s.compactors()).extracting(StrategyInfo::name, StrategyInfo::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("manual", "built-in"));
        assertThat(s.estimators()).extracting(StrategyInfo::name, StrategyInfo::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("heuristic", "built-in"));
        assertThat(s.summarizers()).isEmpty();
    }

    @Test
    void everyRegisteredProviderIsLoggedWithItsNameAndSource() throws Exception {
        install(tailKeeper);
        try (CapturedLogs logs = new CapturedLogs()) {
            registry(Map.of());
            assertThat(logs.at(Level.INFO))
                    .anyMatch(m -> m.contains("compactor 'tail-keeper' (tail-keeper.jar)"))
                    .anyMatch(m -> m.contains("summarizer 'first-line' (tail-keeper.jar)"))
                    .anyMatch(m -> m.contains("compactor 'manual' (built-in)"))
                    .anyMatch(m -> m.contains("estimator 'heuristic' (built-in)"));
        }
    }

    @Test
    void brokenProvidersAreSkippedWithAWarningNamingTheJarAndTheOthersLoad() throws Exception {
        install(broken);
        install(tailKeeper);
        try (CapturedLogs logs = new CapturedLogs()) {
            CompactionRegistry registry = registry(Map.of());

            assertThat(registry.strategies().compactors()).extracting(StrategyInfo::name)
                    .containsExactly("fine", "manual", "tail-keeper");
            assertThat(registry.loadWarnings()).hasSize(4).allMatch(w -> w.contains("plugin jar broken.jar"));
            assertThat(registry.loadWarnings())
                    .anyMatch(w -> w.contains("com.example.broken.MissingCompactorProvider") && w.contains("not found"))
                    .anyMatch(w -> w.contains("com.example.broken.ThrowingCompactorProvider")
                            && w.contains("boom in constructor"))
                    .anyMatch(w -> w.contains("com.example.broken.StaticBoomCompactorProvider")
                            && w.contains("boom in static initialiser"))
                    .anyMatch(w -> w.contains("invalid name 'Bad Name'"));
            assertThat(logs.at(Level.WARNING)).containsExactlyElementsOf(registry.loadWarnings());
            assertThat(compact(registry.compactor("fine", "main"), Histories.random(1, 3, 1), 10))
                    .isEqualTo(new CompactionResult.Unchanged("fine"));
        }
    }

    @Test
    void aFileThatIsNotAJarIsSkippedWithAWarning() throws Exception {
        Files.createDirectories(stateDir.resolve("plugins"));
        Files.writeString(stateDir.resolve("plugins/garbage.jar"), "this is not a zip file");
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of());

        assertThat(registry.loadWarnings()).singleElement().asString()
                .contains("garbage.jar").contains("not a readable jar");
        assertThat(registry.strategies().compactors()).extracting(StrategyInfo::name).contains("tail-keeper");
    }

    @Test
    void aPluginClaimingABuiltInNameFailsStartupNamingBothSources() throws Exception {
        install(dupeManual);

        assertThatThrownBy(() -> registry(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compactor 'manual'")
                .hasMessageContaining("built-in: dev.parley.core.compaction.builtin.ManualCompactorProvider")
                .hasMessageContaining("dupe-manual.jar: com.example.dupe.DupeManualCompactorProvider");
    }

    @Test
    void twoJarsProvidingOneNameFailStartupNamingBoth() throws Exception {
        install(tailKeeper, "keeper-a.jar");
        install(tailKeeper, "keeper-b.jar");

        assertThatThrownBy(() -> registry(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("compactor 'tail-keeper'")
                .hasMessageContaining("keeper-a.jar: com.example.tailkeeper.TailKeeperCompactorProvider")
                .hasMessageContaining("keeper-b.jar: com.example.tailkeeper.TailKeeperCompactorProvider")
                .hasMessageContaining("summarizer 'first-line'");
    }

    @Test
    void aConfiguredModeThatIsMissingFailsStartupListingTheAvailableNames() throws Exception {
        install(tailKeeper);

        assertThatThrownBy(() -> registry(Map.of("parley.session.compaction.mode", "nope")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("parley.session.compaction.mode=nope: no compactor named 'nope'; available: manual,"
                        + " tail-keeper");
    }

    @Test
    void everyMissingConfiguredNameIsReportedPerAgentAndPerKind() {
        Map<String, String> config = Map.of(
                "parley.agents.ops.compaction.summarizer", "ghost",
                "parley.agents.ops.compaction.manual-strategy", "auto",
                "parley.models.\"openai/gpt-4o\".estimator", "tiktoken",
                "parley.context.estimator", "heuristic",
                "parley.session.compaction.mode", "manual");

        assertThatThrownBy(() -> registry(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("parley.agents.ops.compaction.summarizer=ghost: no summarizer named 'ghost';"
                        + " available: (none)")
                .hasMessageContaining("parley.agents.ops.compaction.manual-strategy=auto: no compactor named 'auto';"
                        + " available: manual")
                .hasMessageContaining("parley.models.\"openai/gpt-4o\".estimator=tiktoken: no estimator named"
                        + " 'tiktoken'; available: heuristic")
                .message().doesNotContain("parley.context.estimator").doesNotContain("compaction.mode=");
    }

    @Test
    void configuredNamesThatExistPass() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of(
                "parley.session.compaction.mode", "tail-keeper",
                "parley.agents.ops.compaction.mode", "manual",
                "parley.session.compaction.summarizer", "first-line",
                "parley.context.estimator", "heuristic"));

        assertThat(registry.compactor("tail-keeper", "main")).isNotNull();
    }

    @Test
    void anUnknownNameAtRuntimeIsRejectedListingTheAvailableNames() {
        CompactionRegistry registry = registry(Map.of());

        assertThatThrownBy(() -> registry.compactor("ghost", "main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no compactor named 'ghost'; available: manual");
        assertThatThrownBy(() -> registry.summarizer("extractive", "main"))
                .hasMessage("no summarizer named 'extractive'; available: (none)");
    }

    @Test
    void thereIsOneInstancePerProviderAndAgent() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of());

        assertThat(registry.compactor("tail-keeper", "main")).isSameAs(registry.compactor("tail-keeper", "main"));
        assertThat(registry.compactor("tail-keeper", "ops")).isNotSameAs(registry.compactor("tail-keeper", "main"));
        assertThat(registry.estimator("heuristic", "main")).isSameAs(registry.estimator("heuristic", "main"));
    }

    @Test
    void providerConfigurationIsStrippedOfItsPrefixAndOverlaidPerAgent() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of(
                "parley.compactors.tail-keeper.note-prefix", "global",
                "parley.agents.ops.compactors.tail-keeper.note-prefix", "ops",
                "parley.agents.ops.summarizers.tail-keeper.note-prefix", "not for compactors"));
        List<Turn> turns = Histories.random(5, 10, 1);

        assertThat(((CompactionResult.Changed) compact(registry.compactor("tail-keeper", "main"), turns, 10)).note())
                .startsWith("global: ");
        assertThat(((CompactionResult.Changed) compact(registry.compactor("tail-keeper", "ops"), turns, 10)).note())
                .startsWith("ops: ");
    }

    @Test
    void aProviderRejectingItsConfigurationFailsNamingThePlugin() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of("parley.agents.ops.compactors.tail-keeper.reject", "yes"));

        assertThat(registry.compactor("tail-keeper", "main")).isNotNull();
        assertThatThrownBy(() -> registry.compactor("tail-keeper", "ops"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("compactor 'tail-keeper' (tail-keeper.jar) rejected its configuration for agent ops:"
                        + " tail-keeper does not accept 'reject'");
    }

    @Test
    void theExtraPluginsDirectoryFromTheConfigurationIsScanned(@TempDir Path extra) throws Exception {
        Files.copy(tailKeeper, extra.resolve("tail-keeper.jar"));
        CompactionRegistry registry = registry(Map.of("parley.plugins.dir", extra.toString()));

        assertThat(registry.strategies().compactors()).extracting(StrategyInfo::source).contains("tail-keeper.jar");
    }

    @Test
    void aConfiguredPluginsDirectoryThatIsMissingIsWarnedAbout() {
        Path missing = stateDir.resolve("nowhere");
        CompactionRegistry registry = registry(Map.of("parley.plugins.dir", missing.toString()));

        assertThat(registry.loadWarnings()).singleElement().asString().contains(missing.toString());
    }

    @Test
    void closeClosesThePluginClassLoadersAndRefusesNewInstances() throws Exception {
        install(tailKeeper);
        CompactionRegistry registry = registry(Map.of());
        PluginClassLoader loader = registry.loaders().get(0);
        assertThat(loader.findResource(SERVICES)).isNotNull();

        registry.close();

        assertThat(loader.findResource(SERVICES)).isNull();
        assertThatThrownBy(() -> registry.compactor("tail-keeper", "main"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        registry.close(); // idempotent
    }

    @Test
    void anInvalidTimeoutFailsStartupNamingTheKey() {
        assertThatThrownBy(() -> registry(Map.of("parley.agents.ops.compaction.timeout", "soon")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parley.agents.ops.compaction.timeout must be a duration");
    }
}
