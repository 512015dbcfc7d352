package dev.parley.compaction.auto;

import java.util.Set;

/**
 * A sentence the extractive summariser may keep.
 *
 * @param text     the compressed sentence, one line
 * @param section  where it goes in the summary
 * @param position order of appearance: previous-summary items negative, then the conversation's sentences
 * @param score    how informative it is (kind, identifiers, must-keep hits, instructions, recency)
 * @param tokens   its cost as a list item
 * @param ids      the identifiers it contains
 */
record Candidate(String text, Section section, int position, double score, int tokens, Set<String> ids) {

    /** The summary's sections, in the order they are written (most stable first, for prompt caching). */
    enum Section {
        DECISIONS("Decisions"), RULES("Rules"), CONTEXT("Context"), IDENTIFIERS("Identifiers"),
        OPEN_TASKS("Open tasks"), LAST_REQUEST("Last user request");

        final String heading;

        Section(String heading) {
            this.heading = heading;
        }

        static Section of(Sentences.Kind kind) {
            return switch (kind) {
                case DECISION -> DECISIONS;
                case RULE -> RULES;
                case TASK -> OPEN_TASKS;
                case OTHER -> CONTEXT;
            };
        }
    }

    /** Score per token, damped so that a long decision still beats a short sentence of filler. */
    double priority() {
        return score / (1.0 + tokens / 40.0);
    }
}
