package dev.parley.core.session;

/** Result of {@code sessions.append}: the seq of the last entry written (or, for a repeat, of the original). */
public record AppendResult(long lastSeq, boolean duplicate) {}
