package dev.parley.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelCatalogTest {
    @Test
    void builtInFamiliesGiveTheirWindows() {
        ModelCatalog c = new ModelCatalog(Map.of());
        assertThat(c.spec("anthropic/claude-opus-4-5").contextWindow()).isEqualTo(200_000);
        assertThat(c.spec("openai/gpt-4o-mini").maxOutputTokens()).isEqualTo(16_384);
        assertThat(c.spec("openai/gpt-4.1").contextWindow()).isEqualTo(1_047_576);
        assertThat(c.spec("google/gemini-2.0-flash").contextWindow()).isEqualTo(1_048_576);
        assertThat(c.spec("acme/unknown").contextWindow()).isEqualTo(200_000);
        assertThat(c.spec(null).maxOutputTokens()).isEqualTo(8_192);
    }

    @Test
    void configuredModelsOverrideTheCatalogueAndDefaults() {
        ModelCatalog c = new ModelCatalog(Map.of("parley.models.\"acme/big\".context-window", "32000",
                "parley.defaults.context-window", "100000"));
        assertThat(c.spec("acme/big").contextWindow()).isEqualTo(32_000);
        assertThat(c.spec("acme/other").contextWindow()).isEqualTo(100_000);
    }

    @Test
    void anEstimatorCanBeChosenPerModelFamily() {
        ModelCatalog c = new ModelCatalog(Map.of("parley.models.\"openai/*\".estimator", "tiktoken",
                "parley.models.\"openai/gpt-4o*\".estimator", "tiktoken-o200k",
                "parley.models.\"openai/gpt-4o-mini\".estimator", "exact"));
        assertThat(c.spec("openai/gpt-4.1").estimator()).isEqualTo("tiktoken");
        assertThat(c.spec("openai/gpt-4o").estimator()).isEqualTo("tiktoken-o200k");
        assertThat(c.spec("openai/gpt-4o-mini").estimator()).isEqualTo("exact");
        assertThat(c.spec("anthropic/claude-3").estimator()).isNull();
    }
}
