package dev.parley.core.compaction.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderConfigTest {
    private static final Map<String, String> ALL = Map.of(
            "parley.summarizers.openai.model", "gpt-4o-mini",
            "parley.summarizers.openai.base-url", "http://127.0.0.1:11434/v1",
            "parley.summarizers.openai-extra.model", "not this one",
            "parley.summarizers.openai.", "an empty key is ignored",
            "parley.agents.work.summarizers.openai.api-key-env", "WORK_KEY",
            "parley.agents.work.summarizers.openai.model", "gpt-4.1",
            "parley.agents.home.summarizers.openai.model", "llama3",
            "parley.compactors.openai.model", "another kind");

    @Test
    void globalKeysAreStrippedOfTheirPrefix() {
        assertThat(ProviderConfig.of(ALL, ProviderKind.SUMMARIZER, "openai", null)).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("model", "gpt-4o-mini", "base-url", "http://127.0.0.1:11434/v1")));
    }

    @Test
    void anAgentsKeysOverlayTheGlobalOnes() {
        assertThat(ProviderConfig.of(ALL, ProviderKind.SUMMARIZER, "openai", "work")).isEqualTo(Map.of(
                "model", "gpt-4.1", "base-url", "http://127.0.0.1:11434/v1", "api-key-env", "WORK_KEY"));
        assertThat(ProviderConfig.of(ALL, ProviderKind.SUMMARIZER, "openai", "other")).containsEntry("model",
                "gpt-4o-mini");
    }

    @Test
    void aProviderWithoutKeysGetsAnEmptyMap() {
        assertThat(ProviderConfig.of(ALL, ProviderKind.ESTIMATOR, "heuristic", "work")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"120s, PT2M", "120, PT2M", "500ms, PT0.5S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "PT2M, PT2M",
            "' 10s ', PT10S"})
    void durationsUseQuarkusSyntax(String raw, String expected) {
        assertThat(ProviderConfig.parseDuration("k", raw)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "0s", "-5s", "10 s", "ms"})
    void invalidDurationsAreRejectedNamingTheKey(String raw) {
        assertThatThrownBy(() -> ProviderConfig.parseDuration("parley.session.compaction.timeout", raw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("parley.session.compaction.timeout must be a");
    }

    @Test
    void theGlobalTimeoutDefaultsTo120Seconds() {
        assertThat(ProviderConfig.globalTimeout(Map.of(), null)).isEqualTo(Duration.ofSeconds(120));
        assertThat(ProviderConfig.globalTimeout(Map.of("parley.session.compaction.timeout", "30s"), null))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(ProviderConfig.globalTimeout(Map.of("parley.session.compaction.timeout", "30s"),
                Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @CsvSource({
            "parley.session.compaction.mode, COMPACTOR",
            "parley.session.compaction.manual-strategy, COMPACTOR",
            "parley.agents.work.compaction.mode, COMPACTOR",
            "parley.session.compaction.summarizer, SUMMARIZER",
            "parley.agents.work.compaction.summarizer, SUMMARIZER",
            "parley.context.estimator, ESTIMATOR",
            "parley.agents.work.context.estimator, ESTIMATOR",
            "parley.models.\"openai/gpt-4o\".estimator, ESTIMATOR"})
    void keysThatSelectAProviderByNameAreRecognised(String key, ProviderKind kind) {
        assertThat(ConfiguredNames.kindOf(key)).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(strings = {"parley.session.compaction.timeout", "parley.summarizers.openai.model",
            "parley.agents.work.compaction.keep-recent-turns", "parley.models.\"x\".context-window", "other.key"})
    void otherKeysAreNotNames(String key) {
        assertThat(ConfiguredNames.kindOf(key)).isNull();
    }
}
