package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.compaction.spi.CompactorProvider;
import dev.parley.compaction.spi.SummarizerProvider;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ProvidersTest {

    @Test
    void everyProviderIsRegisteredForTheServiceLoaderUnderItsName() {
        assertThat(ServiceLoader.load(CompactorProvider.class).stream().map(p -> p.get().name()))
                .containsExactly("auto");
        assertThat(ServiceLoader.load(SummarizerProvider.class).stream().map(p -> p.get().name()))
                .containsExactlyInAnyOrder("extractive", "openai");
        assertThat(ServiceLoader.load(TokenEstimatorProvider.class).stream().map(p -> p.get().name()))
                .containsExactly("tiktoken");
    }

    @Test
    void everyProviderDescribesItself() {
        ServiceLoader.load(CompactorProvider.class).forEach(p -> assertThat(p.description()).isNotBlank());
        ServiceLoader.load(SummarizerProvider.class).forEach(p -> assertThat(p.description()).isNotBlank());
        ServiceLoader.load(TokenEstimatorProvider.class).forEach(p -> assertThat(p.description()).isNotBlank());
    }
}
