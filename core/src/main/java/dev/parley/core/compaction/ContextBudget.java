package dev.parley.core.compaction;

/**
 * The reserve formula of the seed (SPEC §5): {@code reserve = systemPromptTokens + toolSchemaTokens +
 * maxOutputTokens + buffer}; {@code availableForHistory = contextWindow − reserve} (never below 0).
 */
public record ContextBudget(long contextWindow, long reserve, long availableForHistory) {
    public static ContextBudget of(long contextWindow, int maxOutputTokens, int bufferTokens, long systemPromptTokens,
                                   long toolSchemaTokens) {
        long reserve = systemPromptTokens + toolSchemaTokens + maxOutputTokens + bufferTokens;
        return new ContextBudget(contextWindow, reserve, Math.max(0, contextWindow - reserve));
    }
}
