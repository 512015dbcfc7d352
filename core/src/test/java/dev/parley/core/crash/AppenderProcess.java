package dev.parley.core.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CrashAppender} child JVM on the test's own class path. Its stdout is read on a thread into a list of
 * complete lines (a line cut by the kill, without its newline, is dropped); stderr goes to a log file.
 */
final class AppenderProcess implements AutoCloseable {
    private final Process process;
    private final Thread pump;
    private final List<String> lines = new ArrayList<>();
    private final BlockingQueue<String> fresh = new LinkedBlockingQueue<>();
    private final Path log;

    private AppenderProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.pump = new Thread(this::pump, "crash-child-" + process.pid() + "-stdout");
        pump.setDaemon(true);
        pump.start();
    }

    static AppenderProcess start(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xshare:auto");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashAppender.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new AppenderProcess(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for a line starting with {@code prefix}; null when none came within {@code within} or the child died. */
    String awaitLine(String prefix, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String line = fresh.poll(50, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
            if (line == null && !process.isAlive() && !pump.isAlive() && fresh.isEmpty()) {
                return null;
            }
        }
        return null;
    }

    /** SIGKILL ({@link Process#destroyForcibly()} on Unix), then every complete line the child printed. */
    List<String> kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child " + pid() + " survived SIGKILL for 30 s");
        }
        pump.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    int exitValue() {
        return process.exitValue();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = reader.read()) >= 0) {
                if (c == '\n') {
                    String complete = line.toString();
                    line.setLength(0);
                    synchronized (lines) {
                        lines.add(complete);
                    }
                    fresh.add(complete);
                } else {
                    line.append((char) c);
                }
            }
            // whatever is left in 'line' was cut by the kill: not a complete report, dropped
        } catch (IOException e) {
            // the child went away
        }
    }
}
