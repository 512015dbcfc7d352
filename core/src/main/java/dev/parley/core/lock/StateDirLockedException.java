package dev.parley.core.lock;

import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Another process (or this one, through another {@link StateDirLock}) owns the state dir. The message
 * names the state dir and the holder as its {@code .lock} file records it (pid, host, start).
 */
public final class StateDirLockedException extends RuntimeException {
    private final Path stateDir;
    private final OptionalLong holderPid;

    StateDirLockedException(Path stateDir, OptionalLong holderPid, String message) {
        super(message);
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir is null");
        this.holderPid = Objects.requireNonNull(holderPid, "holderPid is null");
    }

    public Path stateDir() {
        return stateDir;
    }

    /** The holder's pid as recorded in the lock file, when it could be read. */
    public OptionalLong holderPid() {
        return holderPid;
    }
}
