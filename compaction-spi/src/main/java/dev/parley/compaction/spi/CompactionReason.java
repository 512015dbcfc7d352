package dev.parley.compaction.spi;

/** Why a compaction runs. */
public enum CompactionReason {
    /** The context guard found the view over budget. */
    OVERFLOW,
    /** {@code /compact}, {@code sessions.compact} or the CLI asked for it. */
    MANUAL;

    /** The value written in the {@code compact} entry's {@code reason} field. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
