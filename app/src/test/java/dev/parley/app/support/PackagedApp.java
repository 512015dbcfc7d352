package dev.parley.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the packaged application ({@code target/quarkus-app/quarkus-run.jar}) as child processes the way an
 * operator runs it, with its output in a log file; {@link #stopAll()} stops every process it started.
 */
public final class PackagedApp {

    public static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    public static final Duration START = Duration.ofSeconds(60);

    private final Path tmp;
    private final List<Process> started = new ArrayList<>();

    public PackagedApp(Path tmp) {
        this.tmp = tmp;
    }

    /** A started server process, its HTTP port and its output. */
    public static final class Server {
        public final Process process;
        public final int port;
        private final Path log;

        Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** Waits until {@code /q/health/ready} is UP. */
        public void awaitReady() throws Exception {
            awaitUp("/q/health/ready");
        }

        /** Waits until {@code /q/health/started} is UP: the state dir is open and owned by this process. */
        public void awaitStarted() throws Exception {
            awaitUp("/q/health/started");
        }

        /** Waits until the process exits; its exit code. */
        public int awaitExit() throws Exception {
            assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("server exits:%n%s", output()).isTrue();
            return process.exitValue();
        }

        /** GET {@code path}: status and body. */
        public Wire.Reply get(String path) throws Exception {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
            return new Wire.Reply(r.statusCode(), r.body());
        }

        private void awaitUp(String probe) throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("server exited early:%n%s", output()).isTrue();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + probe)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError(probe + " not UP within " + START + ":\n" + output());
        }
    }

    /** Starts a server with {@code -D} properties {@code props} and extra environment {@code env}. */
    public Server start(List<String> props, Map<String, String> env) throws IOException {
        assertThat(JAR).as("packaged app (run ./mvnw -pl app -am verify)").exists();
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-Dquarkus.http.port=" + port);
        command.addAll(props);
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        Path log = Files.createTempFile(tmp, "server-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PARLEY_HOME");
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return new Server(process, port, log);
    }

    /** Stops (SIGTERM, then SIGKILL after 30 s) every process this helper started. */
    public void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        started.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
