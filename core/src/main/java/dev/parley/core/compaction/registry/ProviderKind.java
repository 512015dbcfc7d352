package dev.parley.core.compaction.registry;

import dev.parley.compaction.spi.CompactorProvider;
import dev.parley.compaction.spi.SummarizerProvider;
import dev.parley.compaction.spi.TokenEstimatorProvider;
import java.util.Map;

/** The three kinds of provider, with the config segment their keys live under. */
enum ProviderKind {
    COMPACTOR("compactor", "compactors", CompactorProvider.class),
    SUMMARIZER("summarizer", "summarizers", SummarizerProvider.class),
    ESTIMATOR("estimator", "estimators", TokenEstimatorProvider.class);

    final String label;
    final String configSegment;
    final Class<?> type;

    ProviderKind(String label, String configSegment, Class<?> type) {
        this.label = label;
        this.configSegment = configSegment;
        this.type = type;
    }

    /** Calls the provider's {@code name()}: plugin code, callers guard it. */
    String nameOf(Object provider) {
        return switch (this) {
            case COMPACTOR -> ((CompactorProvider) provider).name();
            case SUMMARIZER -> ((SummarizerProvider) provider).name();
            case ESTIMATOR -> ((TokenEstimatorProvider) provider).name();
        };
    }

    /** Calls the provider's {@code description()}: plugin code, callers guard it. */
    String descriptionOf(Object provider) {
        return switch (this) {
            case COMPACTOR -> ((CompactorProvider) provider).description();
            case SUMMARIZER -> ((SummarizerProvider) provider).description();
            case ESTIMATOR -> ((TokenEstimatorProvider) provider).description();
        };
    }

    /** Calls the provider's {@code create(config)}: plugin code, callers guard it. */
    Object create(Object provider, Map<String, String> config) {
        return switch (this) {
            case COMPACTOR -> ((CompactorProvider) provider).create(config);
            case SUMMARIZER -> ((SummarizerProvider) provider).create(config);
            case ESTIMATOR -> ((TokenEstimatorProvider) provider).create(config);
        };
    }
}
