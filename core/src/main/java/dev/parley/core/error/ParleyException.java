package dev.parley.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with a stable {@link ErrorCode} and extra machine-readable {@code data} fields
 * (SPEC §11: {@code field}, {@code rule}, {@code holder}, {@code offset}, {@code limit}, …).
 * The message is meant for humans and never contains a stack trace.
 */
public class ParleyException extends RuntimeException {
    private final ErrorCode code;
    private final Map<String, Object> data;

    public ParleyException(ErrorCode code, String message) {
        this(code, message, Map.of(), null);
    }

    public ParleyException(ErrorCode code, String message, Map<String, ?> data) {
        this(code, message, data, null);
    }

    public ParleyException(ErrorCode code, String message, Map<String, ?> data, Throwable cause) {
        super(Objects.requireNonNull(message, "message is null"), cause, false, cause != null);
        this.code = Objects.requireNonNull(code, "code is null");
        this.data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    public ErrorCode code() {
        return code;
    }

    /** Extra {@code error.data} fields besides {@code type}; never null. */
    public Map<String, Object> data() {
        return data;
    }

    public static ParleyException invalidParams(String field, String message) {
        return new ParleyException(ErrorCode.INVALID_PARAMS, message, Map.of("field", field));
    }

    public static ParleyException notFound(String sessionKey) {
        return new ParleyException(ErrorCode.SESSION_NOT_FOUND, "session not found: " + sessionKey);
    }

    public static ParleyException conflict(String message) {
        return new ParleyException(ErrorCode.CONFLICT, message);
    }

    public static ParleyException storage(String message, Throwable cause) {
        return new ParleyException(ErrorCode.STORAGE_FAILED, message, Map.of(), cause);
    }
}
