package dev.parley.compaction.auto;

import dev.parley.compaction.spi.Summarizer;
import dev.parley.compaction.spi.SummarizerProvider;
import java.util.Map;
import java.util.Set;

/**
 * The {@code extractive} summariser, Parley's embedded default: offline, deterministic, no network. It keeps
 * the most informative sentences — the last user request (verbatim), decisions, open tasks, rules, sentences
 * with exact identifiers, everything in {@code mustKeep} — folds the previous summary in, and writes the
 * sections "Decisions", "Rules", "Context", "Identifiers", "Open tasks" and "Last user request" as paragraphs
 * within {@code maxTokens} (estimated as chars/4, CJK characters as whole tokens). {@code /compact}
 * instructions raise the weight of sentences that mention their terms.
 *
 * <p>Configuration: none (unknown keys under {@code parley.summarizers.extractive.*} are rejected).
 * Thread-safe: instances keep no state.
 */
public final class ExtractiveSummarizerProvider implements SummarizerProvider {

    @Override
    public String name() {
        return "extractive";
    }

    @Override
    public String description() {
        return "offline, deterministic: keeps the last request, decisions, tasks, rules and exact identifiers";
    }

    @Override
    public Summarizer create(Map<String, String> config) {
        new Config("parley.summarizers.extractive.", config, Set.of());
        return new ExtractiveSummarizer();
    }
}
