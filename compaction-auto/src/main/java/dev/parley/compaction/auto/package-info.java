/**
 * Built-in compaction providers of {@code compaction-auto} (SPEC §6): the {@code auto} compactor
 * ({@link dev.parley.compaction.auto.AutoCompactorProvider}), the {@code extractive} and {@code openai}
 * summarisers ({@link dev.parley.compaction.auto.ExtractiveSummarizerProvider},
 * {@link dev.parley.compaction.auto.OpenAiSummarizerProvider}) and the {@code tiktoken} estimator
 * ({@link dev.parley.compaction.auto.TiktokenEstimatorProvider}), registered in {@code META-INF/services}.
 * Everything else is package-private: rendering turns as text ({@code TranscriptText}), input and output
 * chunking ({@code InputChunker}, {@code SummaryChunks}), what a summary must keep ({@code MustKeep},
 * {@code Identifiers}, {@code Sentences}) and the extractive selection ({@code Extraction},
 * {@code ExtractiveSummarizer}, {@code SummaryLayout}). Depends on the SPI, Jackson (openai) and jtokkit
 * (tiktoken) only — never on the core.
 */
package dev.parley.compaction.auto;
