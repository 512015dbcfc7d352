package dev.parley.compaction.spi;

import java.util.List;

/**
 * A read-only view of one transcript entry of the active history.
 *
 * @param seq         the entry's seq in the transcript
 * @param type        {@code message}, {@code tool_call}, {@code thinking}, {@code settings}, …
 * @param role        {@code user}, {@code assistant}, {@code system}, {@code tool}; null for non-messages
 * @param text        the entry's text (text blocks joined with blank lines); never null, may be empty
 * @param toolUses    tool invocations in this entry, in block order; never null
 * @param toolResults tool results in this entry, in block order; never null
 * @param tokens      the estimator's count for this entry
 * @param delivered   false for a message-tool send that never reached the user ({@code delivered:false})
 * @param system      true for the system prompt and Parley's notices: compactors never drop the system prompt
 */
public record Entry(long seq, String type, String role, String text, List<ToolUse> toolUses,
                    List<ToolResult> toolResults, int tokens, boolean delivered, boolean system) {
    public Entry {
        Checks.nonNegative(seq, "seq");
        Checks.notNull(type, "type");
        Checks.notNull(text, "text");
        toolUses = List.copyOf(Checks.notNull(toolUses, "toolUses"));
        toolResults = List.copyOf(Checks.notNull(toolResults, "toolResults"));
        Checks.nonNegative(tokens, "tokens");
    }
}
