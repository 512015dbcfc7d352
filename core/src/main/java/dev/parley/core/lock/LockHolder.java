package dev.parley.core.lock;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The content of a session lock file (SPEC §8.1): which session, which process on which host,
 * the fencing token and when the lock was taken (epoch ms). {@code turnId} is null outside turns.
 */
public record LockHolder(
        String sessionKey, long pid, long startTime, String hostname, long token, long acquiredAt, String turnId) {

    public LockHolder {
        Objects.requireNonNull(sessionKey, "sessionKey is null");
        Objects.requireNonNull(hostname, "hostname is null");
        if (pid < 0) {
            throw new IllegalArgumentException("pid is negative: " + pid);
        }
        if (token < 0) {
            throw new IllegalArgumentException("token is negative: " + token);
        }
    }

    /** The {@code data.holder} of a {@code SESSION_LOCKED} error: {pid, hostname, acquiredAt, turnId?}. */
    public Map<String, Object> errorData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("pid", pid);
        data.put("hostname", hostname);
        data.put("acquiredAt", acquiredAt);
        if (turnId != null) {
            data.put("turnId", turnId);
        }
        return data;
    }
}
