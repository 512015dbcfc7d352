package dev.parley.compaction.spi;

/**
 * A {@code tool_result} block.
 *
 * @param toolUseId the id of the {@link ToolUse} it answers; never null
 * @param content   the result as text; never null
 * @param isError   whether the tool failed
 */
public record ToolResult(String toolUseId, String content, boolean isError) {
    public ToolResult {
        Checks.notNull(toolUseId, "toolUseId");
        Checks.notNull(content, "content");
    }
}
