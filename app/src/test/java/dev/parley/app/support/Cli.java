package dev.parley.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged CLI launcher ({@code target/parley}, next to {@code parley-cli.jar}) run as a child process the way
 * an operator runs it, with {@code PARLEY_URL} and {@code PARLEY_TOKEN} in its environment.
 */
public final class Cli {

    public static final Path LAUNCHER = Path.of("target/parley");

    private final Path tmp;
    private final String url;
    private final String token;

    /** A finished run: exit code, stdout, stderr and the wall-clock time of the process. */
    public record Run(int exit, String out, String err, long millis) {
        /** stdout as JSON. */
        public JsonNode json() {
            try {
                return Wire.JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON (exit " + exit + ", stderr " + err + "): " + out, e);
            }
        }

        /** Exit 0 and nothing on stderr. */
        public Run ok() {
            assertThat(exit).as("exit of a successful run; stderr: %s", err).isZero();
            assertThat(err).as("stderr of a successful run").isEmpty();
            return this;
        }

        /** Exit {@code code}, nothing on stdout and one line {@code error: <type>: …} on stderr. */
        public Run fails(int code, String type) {
            assertThat(exit).as("exit; stderr: %s", err).isEqualTo(code);
            assertThat(out).as("stdout of a failed run").isEmpty();
            assertThat(err).startsWith("error: " + type + ": ").hasLineCount(1);
            return this;
        }
    }

    /** Runs against {@code url} with {@code token} (null: no {@code PARLEY_TOKEN}); temp files under {@code tmp}. */
    public Cli(Path tmp, String url, String token) {
        this.tmp = tmp;
        this.url = url;
        this.token = token;
    }

    /** Runs {@code parley args…} in {@code tmp} and waits for it (at most 60 s). */
    public Run run(String... args) throws IOException, InterruptedException {
        assertThat(LAUNCHER).as("packaged CLI (run ./mvnw -pl app -am package)").exists();
        List<String> command = new ArrayList<>(List.of("sh", LAUNCHER.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "cli-", ".out");
        Path err = Files.createTempFile(tmp, "cli-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("PARLEY_URL", url);
        builder.environment().remove("PARLEY_TOKEN");
        if (token != null) {
            builder.environment().put("PARLEY_TOKEN", token);
        }
        long started = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("parley " + String.join(" ", args) + " still runs after 60 s");
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8), millis);
    }
}
