package dev.parley.core.session;

import java.util.List;

/** Result of {@code sessions.repair}: the backup file name (null when nothing needed repair), the bad lines replaced. */
public record RepairResult(String backup, List<Removed> removed, boolean truncatedTail) {
    public RepairResult {
        removed = List.copyOf(removed);
    }

    public record Removed(long offset, long length) {}
}
