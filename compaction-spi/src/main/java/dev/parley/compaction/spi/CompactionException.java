package dev.parley.compaction.spi;

/**
 * A compaction, summary or estimate failed. The engine reports it as {@code COMPACTION_FAILED} naming the
 * plugin and this message, and writes nothing to the transcript. Messages should say what went wrong in a way
 * an operator can act on ("endpoint returned HTTP 429", "summary lacks the last user request").
 */
public class CompactionException extends Exception {
    private static final long serialVersionUID = 1L;

    public CompactionException(String message) {
        super(message);
    }

    public CompactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
