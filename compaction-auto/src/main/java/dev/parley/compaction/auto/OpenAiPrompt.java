package dev.parley.compaction.auto;

import dev.parley.compaction.spi.SummaryRequest;

/** The chat messages the {@code openai} summariser sends: what to keep, in which sections, and within what size. */
final class OpenAiPrompt {
    private OpenAiPrompt() {}

    static String system(int maxTokens) {
        return """
                You summarise a long conversation between a user and an AI agent. Another model will read your \
                summary instead of the conversation, so keep everything it needs to continue the work.
                Write plain text with these sections, each a paragraph that starts with its heading line:
                Decisions: what was decided or agreed, and why if stated.
                Open tasks: what is still to be done, by whom.
                Last user request: the user's most recent request, verbatim.
                Rules: constraints and rules the user or agent must follow (must, never, always, do not).
                Identifiers: exact ids, URLs, hosts, file names and paths, numbers, and names of people and \
                systems that still matter.
                Context: anything else needed to continue.
                Copy identifiers exactly, character for character. Fold the previous summary in: keep what is \
                still true, drop what the conversation made obsolete. Leave out small talk and tool output \
                that no longer matters. Omit empty sections. Stay well under %d tokens.""".formatted(maxTokens);
    }

    static String user(SummaryRequest r) {
        StringBuilder sb = new StringBuilder();
        if (r.previousSummary() != null && !r.previousSummary().isBlank()) {
            sb.append("Previous summary (fold it in):\n").append(r.previousSummary().strip()).append("\n\n");
        }
        if (r.instructions() != null && !r.instructions().isBlank()) {
            sb.append("Focus requested by the user: ").append(r.instructions().strip()).append("\n\n");
        }
        if (!r.mustKeep().isEmpty()) {
            sb.append("The summary must contain each of these verbatim:\n");
            r.mustKeep().forEach(item -> sb.append("- ").append(item).append('\n'));
            sb.append('\n');
        }
        sb.append("Conversation to summarise:\n").append(r.text().isBlank() ? "(none: condense the previous "
                + "summary)" : r.text().strip());
        return sb.toString();
    }
}
