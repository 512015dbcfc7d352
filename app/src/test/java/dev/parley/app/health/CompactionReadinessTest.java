package dev.parley.app.health;

import static dev.parley.app.config.ConfigFixture.parley;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.compaction.registry.Strategies;
import dev.parley.core.compaction.registry.StrategyInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompactionReadinessTest {

    static final Strategies ALL = strategies(List.of("auto", "manual", "prune", "tail-keeper"), List.of("extractive", "first-line"));

    @Test
    void theDefaultsAreReadyWhenCompactionAutoIsRegistered() {
        assertThat(CompactionReadiness.missing(parley(Map.of()), ALL)).isEmpty();
    }

    @Test
    void missingDefaultProvidersAreNamedWithTheirKeysAndWhatIsAvailable() {
        List<String> missing = CompactionReadiness.missing(parley(Map.of()),
                strategies(List.of("manual", "prune"), List.of()));
        assertThat(missing).containsExactly(
                "parley.session.compaction.mode=auto: no compactor named 'auto' is registered; available: manual, prune",
                "parley.session.compaction.manual-strategy=auto: no compactor named 'auto' is registered; "
                        + "available: manual, prune",
                "parley.session.compaction.summarizer=extractive: no summarizer named 'extractive' is registered; "
                        + "available: (none)");
    }

    @Test
    void anAgentsOwnSettingsAreCheckedUnderItsOwnKeys() {
        var config = parley(Map.of("parley.session.compaction.mode", "prune",
                "parley.session.compaction.manual-strategy", "tail-keeper",
                "parley.session.compaction.summarizer", "first-line",
                "parley.agents.work.compaction.mode", "gone",
                "parley.agents.work.compaction.summarizer", "openai",
                "parley.agents.ops.compaction.keep-recent-turns", "3"));
        assertThat(CompactionReadiness.missing(config, ALL)).containsExactly(
                "parley.agents.work.compaction.mode=gone: no compactor named 'gone' is registered; "
                        + "available: auto, manual, prune, tail-keeper",
                "parley.agents.work.compaction.summarizer=openai: no summarizer named 'openai' is registered; "
                        + "available: extractive, first-line");
    }

    @Test
    void anAgentInheritingAMissingGlobalValueIsReportedOnceUnderTheGlobalKey() {
        var config = parley(Map.of("parley.agents.work.compaction.keep-recent-turns", "3",
                "parley.agents.ops.compaction.keep-recent-turns", "4"));
        assertThat(CompactionReadiness.missing(config, strategies(List.of("auto", "manual"), List.of("first-line"))))
                .containsExactly("parley.session.compaction.summarizer=extractive: no summarizer named 'extractive' "
                        + "is registered; available: first-line");
    }

    @Test
    void theModeOfDisabledCompactionNeedsNoProviderButManualCompactionStillDoes() {
        var config = parley(Map.of("parley.session.compaction.enabled", "false",
                "parley.agents.work.compaction.enabled", "true", "parley.agents.work.compaction.mode", "tail-keeper"));
        assertThat(CompactionReadiness.missing(config, strategies(List.of("manual"), List.of("extractive"))))
                .containsExactly(
                        "parley.session.compaction.manual-strategy=auto: no compactor named 'auto' is registered; "
                                + "available: manual",
                        "parley.agents.work.compaction.mode=tail-keeper: no compactor named 'tail-keeper' is "
                                + "registered; available: manual");
    }

    static Strategies strategies(List<String> compactors, List<String> summarizers) {
        return new Strategies(infos(compactors), infos(summarizers), infos(Arrays.asList("heuristic")));
    }

    static List<StrategyInfo> infos(List<String> names) {
        return names.stream().map(n -> new StrategyInfo(n, "test " + n, "built-in")).toList();
    }
}
