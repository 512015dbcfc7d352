package dev.parley.app.turns;

import static dev.parley.app.support.Wire.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import dev.parley.app.support.ServerRpc;
import dev.parley.app.support.Wire;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Turns across the life of the packaged server (SPEC §8.1, §8.2): a lease survives neither {@code kill -9} nor its
 * lock file — the restarted server re-queues the unanswered session under a larger fencing token and fences off the
 * dead lease's token; a graceful stop answers a waiting long poll and exits promptly.
 */
class TurnsRestartIT {

    @TempDir
    Path tmp;

    private PackagedApp app;
    private Path state;

    @BeforeEach
    void setUp() {
        assumeTrue(System.getProperty("quarkus.package.output-directory") != null, "runs under failsafe only");
        app = new PackagedApp(tmp);
        state = tmp.resolve("state");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (app != null) {
            app.stopAll();
        }
    }

    private Server start() throws Exception {
        Server server = app.start(List.of("-Dparley.state-dir=" + state), Map.of());
        server.awaitReady();
        return server;
    }

    private static JsonNode next(ServerRpc rpc, int wait) throws Exception {
        return rpc.call("turns.next", "{\"agentId\":\"main\",\"waitSeconds\":" + wait + "}");
    }

    private static JsonNode append(ServerRpc rpc, String key, long token, String text) throws Exception {
        return rpc.reply("sessions.append", "{\"sessionKey\":" + quote(key) + ",\"token\":" + token
                + ",\"entries\":[{\"type\":\"message\",\"message\":{\"role\":\"assistant\",\"content\":"
                + quote(text) + "}}]}");
    }

    /** The one lock file under {@code <state>/locks}, parsed. */
    private JsonNode lockFile() throws Exception {
        try (Stream<Path> files = Files.list(state.resolve("locks"))) {
            List<Path> locks = files.filter(p -> p.toString().endsWith(".lock")).toList();
            assertThat(locks).hasSize(1);
            return Wire.JSON.readTree(locks.get(0).toFile());
        }
    }

    @Test
    void afterKill9TheUnansweredSessionIsLeasedAgainUnderALargerTokenAndTheDeadTokenIsFenced() throws Exception {
        Server first = start();
        ServerRpc rpc = ServerRpc.of(first, null);
        String key = rpc.call("messages.inbound", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\"4242\"},"
                + "\"text\":\"are you there?\"}").path("sessionKey").asText();
        JsonNode t1 = next(rpc, 5);
        assertThat(t1.path("sessionKey").asText()).as(t1.toString()).isEqualTo(key);
        JsonNode held = lockFile();
        assertThat(held.path("pid").asLong()).isEqualTo(first.process.pid());
        assertThat(held.path("token").asLong()).isEqualTo(t1.path("token").asLong());

        first.process.destroyForcibly();
        assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(lockFile().path("pid").asLong()).as("the dead lease's lock file is left behind")
                .isEqualTo(first.process.pid());

        Server second = start();
        rpc = ServerRpc.of(second, null);
        JsonNode t2 = next(rpc, 10);
        assertThat(t2.path("sessionKey").asText()).as("re-queued at start: %s", t2).isEqualTo(key);
        assertThat(t2.path("messageSeqs")).isEqualTo(t1.path("messageSeqs"));
        long token1 = t1.path("token").asLong();
        long token2 = t2.path("token").asLong();
        assertThat(token2).isGreaterThan(token1);
        assertThat(token2 >>> 32).as("generation").isGreaterThan(token1 >>> 32);
        JsonNode taken = lockFile();
        assertThat(taken.path("pid").asLong()).isEqualTo(second.process.pid());
        assertThat(taken.path("token").asLong()).isEqualTo(token2);

        JsonNode stale = append(rpc, key, token1, "from the dead runtime");
        assertThat(stale.at("/error/data/type").asText()).as(stale.toString()).isEqualTo("CONFLICT");
        JsonNode appended = append(rpc, key, token2, "yes, after a restart");
        assertThat(appended.has("error")).as(appended.toString()).isFalse();
        JsonNode done = rpc.call("turns.complete", "{\"turnId\":" + quote(t2.path("turnId").asText()) + ",\"token\":"
                + token2 + "}");
        assertThat(done.path("completed").asBoolean()).isTrue();
        assertThat(done.path("nextTurnQueued").asBoolean()).isFalse();
        assertThat(next(rpc, 0).isNull()).as("answered: nothing left to lease").isTrue();

        JsonNode entries = rpc.call("sessions.history", "{\"sessionKey\":" + quote(key) + "}").path("entries");
        assertThat(entries.findValuesAsText("content")).containsExactly("are you there?", "yes, after a restart");
    }

    @Test
    void aGracefulStopAnswersAWaitingLongPollAndExitsPromptly() throws Exception {
        Server server = start();
        ServerRpc rpc = ServerRpc.of(server, null);
        CompletableFuture<HttpResponse<String>> poll = rpc.callAsync("turns.next",
                "{\"agentId\":\"main\",\"waitSeconds\":60}");
        Thread.sleep(1_000);
        assertThat(poll).as("the long poll waits").isNotDone();

        long stopping = System.nanoTime();
        server.process.destroy();
        String answer;
        try {
            HttpResponse<String> r = poll.get(10, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode body = Wire.JSON.readTree(r.body());
            assertThat(body.has("result")).as(r.body()).isTrue();
            assertThat(body.get("result").isNull()).as(r.body()).isTrue();
            answer = "null";
        } catch (ExecutionException closed) {
            answer = "connection closed (" + closed.getCause() + ")";
        }
        long answeredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        assertThat(server.process.waitFor(10, TimeUnit.SECONDS)).as("exits:%n%s", server.output()).isTrue();
        long exitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
        System.out.printf("graceful stop: the long poll answered %s after %d ms; the server exited (%d) after %d ms%n",
                answer, answeredMs, server.process.exitValue(), exitedMs);
    }
}
