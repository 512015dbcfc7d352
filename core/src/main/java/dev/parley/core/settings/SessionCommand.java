package dev.parley.core.settings;

import static java.util.Objects.requireNonNull;

/**
 * A session command at the start of an inbound message: {@code /reset}, {@code /new [text]} or
 * {@code /compact [instructions]} (SPEC §7). Recognised here, carried out by the session facade.
 *
 * @param kind         which command
 * @param argumentText the text after the command, stripped; empty when there is none
 */
public record SessionCommand(Kind kind, String argumentText) {

    /** The session commands. */
    public enum Kind {
        RESET, NEW, COMPACT
    }

    public SessionCommand {
        requireNonNull(kind, "kind is null");
        requireNonNull(argumentText, "argumentText is null");
    }
}
