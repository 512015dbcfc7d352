package dev.parley.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI ({@code target/parley-cli.jar}) run as a child process against the packaged server, the way
 * an operator uses it: tables and {@code --json}, error lines and exit codes.
 */
class ParleyCliIT {

    private static final Path CLI = Path.of("target/parley-cli.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "agent:main:whatsapp:dm:+15550001111";

    @TempDir
    Path tmp;

    private PackagedApp app;
    private String url;

    /** A finished CLI run. */
    record Run(int exit, String out, String err, long millis) {
    }

    @BeforeEach
    void start() throws Exception {
        // failsafe (after packaging) sets this property; surefire, which -Dtest='dev.parley.app.cli.**' also
        // points here, runs before the jars exist
        assumeTrue(System.getProperty("quarkus.package.output-directory") != null, "runs under failsafe only");
        app = new PackagedApp(tmp);
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state")), Map.of());
        server.awaitReady();
        url = "http://127.0.0.1:" + server.port;
        HttpResponse<String> appended = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/rpc"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sessions.append\","
                        + "\"params\":{\"sessionKey\":\"" + KEY + "\",\"entries\":[{\"type\":\"message\",\"message\":"
                        + "{\"role\":\"user\",\"content\":\"hello from the cli test\"}}]}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(appended.body()).contains("lastSeq");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null) {
            app.stopAll();
        }
    }

    private Run cli(String... args) throws Exception {
        assertThat(CLI).as("packaged CLI (run ./mvnw -pl app -am verify)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", CLI.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "cli-", ".out");
        Path err = Files.createTempFile(tmp, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("PARLEY_URL", url);
        builder.environment().remove("PARLEY_TOKEN");
        long started = System.nanoTime();
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
    }

    @Test
    void listingSessionsPrintsATableOrTheVerbatimResult() throws Exception {
        Run table = cli("sessions", "list");
        System.out.printf("parley sessions list: start-up + call took %d ms (wall clock of the child process)%n",
                table.millis());
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("KEY").contains(KEY);

        Run json = cli("sessions", "--json", "list");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode result = JSON.readTree(json.out());
        assertThat(result.path("sessions").get(0).path("sessionKey").asText()).isEqualTo(KEY);
    }

    @Test
    void historyStatusAndResetWorkOnAnExistingSession() throws Exception {
        Run history = cli("sessions", "history", KEY, "--last", "10");
        assertThat(history.exit()).as(history.err()).isZero();
        assertThat(history.out()).contains("hello from the cli test", "user");

        Run status = cli("session", "status", KEY);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).isNotBlank();

        Run reset = cli("session", "reset", KEY, "--json");
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(JSON.readTree(reset.out()).path("reset").asBoolean()).isTrue();
    }

    @Test
    void failuresAreOneErrorLineWithTheirExitCode() throws Exception {
        Run unknown = cli("sessions", "show", "agent:main:whatsapp:dm:+15559999999");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("error: SESSION_NOT_FOUND: ").hasLineCount(1);

        Run usage = cli("sessions", "history");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).startsWith("error: USAGE: ").hasLineCount(1);

        Run unreachable = cli("status", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).startsWith("error: CONNECTION: ").hasLineCount(1);
    }

    @Test
    void gatewayCallPassesAnyMethodThrough() throws Exception {
        Run call = cli("gateway", "call", "system.status", "--params", "{}", "--json");
        assertThat(call.exit()).as(call.err()).isZero();
        assertThat(JSON.readTree(call.out()).has("version")).isTrue();
    }
}
