package dev.parley.core.lock;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Who this process is, as recorded in lock files: pid, start time (epoch ms of the process start
 * instant, 0 when the OS does not tell) and host name. Also the seed's liveness checks for a
 * recorded holder (is the pid alive, and does its start time match, or was the pid recycled).
 */
record ProcessIdentity(long pid, long startTime, String hostname) {
    /** Two readings of one process's start instant may differ by rounding; a recycled pid differs by more. */
    private static final long START_TIME_TOLERANCE_MS = 1_000;

    private static final ProcessIdentity CURRENT = detect();

    ProcessIdentity {
        Objects.requireNonNull(hostname, "hostname is null");
    }

    static ProcessIdentity current() {
        return CURRENT;
    }

    boolean sameHost(String otherHostname) {
        return hostname.equals(otherHostname);
    }

    /** A human sentence on whether {@code pid} still runs and whether it is the process that started at {@code recordedStart}. */
    static String describeLiveness(long pid, long recordedStart) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (handle.isEmpty()) {
            return "pid " + pid + " is not running";
        }
        Optional<Long> actualStart = handle.get().info().startInstant().map(Instant::toEpochMilli);
        if (actualStart.isEmpty() || recordedStart <= 0) {
            return "pid " + pid + " is alive (its start time cannot be compared)";
        }
        if (Math.abs(actualStart.get() - recordedStart) <= START_TIME_TOLERANCE_MS) {
            return "pid " + pid + " is alive and its start time matches (another PID namespace?)";
        }
        return "pid " + pid + " is alive but started at " + Instant.ofEpochMilli(actualStart.get())
                + ", not " + Instant.ofEpochMilli(recordedStart) + ": the pid was recycled";
    }

    private static ProcessIdentity detect() {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        return new ProcessIdentity(self.pid(), start, detectHostname());
    }

    /** The kernel's name first: a DNS lookup can hang for seconds on a badly configured host. */
    private static String detectHostname() {
        Path kernelName = Path.of("/proc/sys/kernel/hostname");
        try {
            if (Files.isReadable(kernelName)) {
                String name = Files.readString(kernelName, StandardCharsets.UTF_8).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            }
        } catch (IOException e) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
