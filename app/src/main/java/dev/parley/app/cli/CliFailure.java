package dev.parley.app.cli;

/**
 * A failure the CLI reports as one line {@code error: <TYPE>: <message>} on stderr, exiting with {@link #exitCode()}.
 */
public final class CliFailure extends RuntimeException {

    /** Exit code of an RPC error. */
    public static final int RPC = 1;
    /** Exit code of a usage error. */
    public static final int USAGE = 2;
    /** Exit code of a connection or authentication failure. */
    public static final int CONNECTION = 3;

    private final String type;
    private final int exitCode;

    public CliFailure(int exitCode, String type, String message) {
        super(message);
        this.type = type;
        this.exitCode = exitCode;
    }

    public String type() {
        return type;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The one line printed on stderr. */
    public String line() {
        return "error: " + type + ": " + getMessage();
    }
}
