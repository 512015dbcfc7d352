package dev.parley.compaction.spi;

/**
 * A tool result shortened in the model's view: the first {@code headChars} and last {@code tailChars}
 * characters of block {@code blockIndex} of entry {@code seq} are kept, with a marker between them.
 */
public record Trim(long seq, int blockIndex, int headChars, int tailChars) {
    public Trim {
        Checks.nonNegative(seq, "seq");
        Checks.nonNegative(blockIndex, "blockIndex");
        Checks.nonNegative(headChars, "headChars");
        Checks.nonNegative(tailChars, "tailChars");
    }
}
