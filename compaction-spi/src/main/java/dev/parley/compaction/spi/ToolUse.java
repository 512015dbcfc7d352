package dev.parley.compaction.spi;

/**
 * A tool invocation inside an entry: a {@code tool_use} block or a {@code tool_call} record.
 *
 * @param id    the tool-use id that pairs it with its result; never null
 * @param name  the tool's name; never null
 * @param input the arguments as compact JSON text; never null (may be {@code "{}"})
 */
public record ToolUse(String id, String name, String input) {
    public ToolUse {
        Checks.notNull(id, "id");
        Checks.notNull(name, "name");
        Checks.notNull(input, "input");
    }
}
