package dev.parley.app.auth;

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
 * The packaged app as an operator starts it: no token and a non-loopback host stops startup before anything
 * listens, naming both keys; the token from the environment ({@code PARLEY_AUTH_TOKEN}, as the Kubernetes
 * Secret supplies it) turns auth on.
 */
class BindRefusalIT {

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
    void withoutATokenANonLoopbackHostFailsStartupNamingBothKeys() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("refused.log");
        Process process = start(port, Map.of("QUARKUS_HTTP_HOST", "0.0.0.0"), log);

        assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).as("server exits").isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(Files.readString(log, StandardCharsets.UTF_8))
                .contains("quarkus.http.host=0.0.0.0").contains("parley.auth.token");
    }

    @Test
    void theTokenFromTheEnvironmentTurnsAuthOn() throws Exception {
        int port = freePort();
        Path log = tmp.resolve("token.log");
        start(port, Map.of("PARLEY_AUTH_TOKEN", "env-token-42"), log);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI status = URI.create("http://127.0.0.1:" + port + "/system/status");

        long deadline = System.nanoTime() + START.toNanos();
        int refused = -1;
        while (refused < 0 && System.nanoTime() < deadline) {
            try {
                refused = http.send(HttpRequest.newBuilder(status).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode();
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        assertThat(refused).as("without the token:%n%s", Files.readString(log)).isEqualTo(401);
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(status)
                .header("Authorization", "Bearer env-token-42").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Auth is on");
    }

    private Process start(int port, Map<String, String> env, Path log) throws IOException {
        assertThat(JAR).as("packaged app (run ./mvnw -pl app -am verify)").exists();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dparley.state-dir=" + tmp.resolve("state"),
                "-jar", JAR.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("PARLEY_AUTH_TOKEN");
        builder.environment().remove("QUARKUS_HTTP_HOST");
        builder.environment().putAll(env);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
