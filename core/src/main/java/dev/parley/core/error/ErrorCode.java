package dev.parley.core.error;

/**
 * Stable error types of the Parley API (SPEC §11). The JSON-RPC code lives here; the HTTP status
 * mapping lives in exactly one place in the app (its error mapper).
 */
public enum ErrorCode {
    PARSE_ERROR(-32700),
    INVALID_REQUEST(-32600),
    METHOD_NOT_FOUND(-32601),
    INVALID_PARAMS(-32602),
    INVALID_SESSION_KEY(-32001),
    SESSION_NOT_FOUND(-32002),
    SESSION_LOCKED(-32003),
    SESSION_CORRUPT(-32004),
    ENTRY_TOO_LARGE(-32005),
    CONFLICT(-32006),
    UNAUTHORIZED(-32007),
    FORBIDDEN(-32008),
    COMPACTION_FAILED(-32009),
    STORAGE_FAILED(-32010),
    INTERNAL(-32603);

    private final int rpcCode;

    ErrorCode(int rpcCode) {
        this.rpcCode = rpcCode;
    }

    /** The JSON-RPC 2.0 {@code error.code}. */
    public int rpcCode() {
        return rpcCode;
    }
}
