package dev.parley.app;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as an operator runs it: one process
 * owns a state dir, a second one on the same dir exits non-zero naming the holder, a graceful stop frees the
 * dir, {@code PARLEY_HOME} chooses it, and a bad setting stops startup naming the key.
 */
class PackagedAppIT {

    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aSecondServerOnTheSameStateDirFailsNamingTheHolderAndAGracefulStopFreesIt() throws Exception {
        Path state = tmp.resolve("state");
        Server first = start(List.of("-Dparley.state-dir=" + state), Map.of());
        first.awaitReady();

        Server second = start(List.of("-Dparley.state-dir=" + state), Map.of());
        assertThat(second.process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("second server exits").isTrue();
        assertThat(second.process.exitValue()).isNotZero();
        assertThat(second.output()).contains(String.valueOf(first.process.pid())).containsIgnoringCase("pid");
        assertThat(first.process.isAlive()).as("the holder keeps running").isTrue();

        first.process.destroy(); // SIGTERM: Quarkus shuts down, core flushes and releases the state dir
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Server third = start(List.of("-Dparley.state-dir=" + state), Map.of());
        third.awaitReady();
    }

    @Test
    void parleyHomeChoosesTheStateDir() throws Exception {
        Path home = tmp.resolve("home");
        Server server = start(List.of(), Map.of("PARLEY_HOME", home.toString()));
        server.awaitReady();
        Path lock = home.resolve(".lock");
        assertThat(lock).exists();
        assertThat(Files.readString(lock)).contains(String.valueOf(server.process.pid()));
    }

    @Test
    void anInvalidSettingStopsStartupNamingTheKeyAndTheAllowedValues() throws Exception {
        Server server = start(List.of("-Dparley.state-dir=" + tmp.resolve("state"), "-Dparley.storage.fsync=sometimes"),
                Map.of());
        assertThat(server.process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(server.process.exitValue()).isNotZero();
        assertThat(server.output()).contains("parley.storage.fsync").contains("always");
    }

    // ---------------------------------------------------------------- helpers

    private final class Server {
        final Process process;
        final int port;
        final Path log;

        Server(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        void awaitReady() throws Exception {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + START.toNanos();
            while (System.nanoTime() < deadline) {
                assertThat(process.isAlive()).as("server exited early:%n%s", output()).isTrue();
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not ready within " + START + ":\n" + output());
        }
    }

    private Server start(List<String> props, Map<String, String> env) throws IOException {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
