package dev.parley.app.cli;

import static dev.parley.app.support.Wire.quote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.support.Cli;
import dev.parley.app.support.Cli.Run;
import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import dev.parley.app.support.ServerRpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI launcher ({@code target/parley}) run as a child process against one packaged server (with a
 * token) the way an operator uses it: the session commands of SPEC §13, tables and {@code --json}, error lines and
 * exit codes (0 ok, 1 RPC error, 2 usage, 3 connection or auth). Export, import, message send and pairing are in
 * {@link ParleyCliPortableIT}.
 */
class ParleyCliIT {

    static final String TOKEN = "cli-it-token";

    @TempDir
    static Path tmp;

    private static PackagedApp app;
    private static ServerRpc rpc;
    private static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        // failsafe (after packaging) sets this property; surefire, which -Dtest='dev.parley.app.cli.**' also
        // points here, runs before the jars exist
        assumeTrue(System.getProperty("quarkus.package.output-directory") != null, "runs under failsafe only");
        app = new PackagedApp(tmp);
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state"), "-Dparley.auth.token=" + TOKEN,
                "-Dparley.agents.compactme.compaction.keep-recent-turns=1"), Map.of());
        server.awaitReady();
        rpc = ServerRpc.of(server, TOKEN);
        cli = new Cli(tmp, rpc.url(), TOKEN);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.stopAll();
        }
    }

    /** Creates {@code key} with {@code turns} user/assistant pairs; the key. */
    static String session(ServerRpc rpc, String key, int turns) throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= turns; i++) {
            entries.add(message("user", "question " + i + " about the harbour"));
            entries.add(message("assistant", "answer " + i + ": the ferry leaves at " + (8 + i) + " o'clock."));
        }
        rpc.call("sessions.append", "{\"sessionKey\":" + quote(key) + ",\"entries\":[" + String.join(",", entries)
                + "]}");
        return key;
    }

    static String message(String role, String text) {
        return "{\"type\":\"message\",\"message\":{\"role\":\"" + role + "\",\"content\":" + quote(text) + "}}";
    }

    /** {@code node} without the fields that move between two calls (ages, uptimes). */
    static JsonNode steady(JsonNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove(List.of("sessionAge", "uptimeMs", "memory"));
        return copy;
    }

    @Test
    void sessionsListPrintsATableFiltersAndPrintsTheVerbatimResultWithJson() throws Exception {
        String a = session(rpc, "agent:lista:telegram:dm:100", 1);
        String b = session(rpc, "agent:lista:discord:group:200", 1);
        String c = session(rpc, "agent:listb:telegram:dm:300", 1);

        Run table = cli.run("sessions", "list", "--agent", "lista").ok();
        System.out.printf("parley sessions list: start-up + call took %d ms (wall clock of the child process)%n",
                table.millis());
        assertThat(table.out().lines().toList()).hasSize(3).first().asString().startsWith("KEY").contains("AGENT");
        assertThat(table.out()).contains(a, b, "telegram", "discord").doesNotContain(c);

        Run json = cli.run("sessions", "--json", "list", "--agent", "lista", "--channel", "telegram").ok();
        assertThat(json.json()).isEqualTo(rpc.call("sessions.list", "{\"agentId\":\"lista\",\"channel\":\"telegram\"}"));
        assertThat(keys(json)).containsExactly(a);
        assertThat(keys(cli.run("sessions", "list", "--agent", "lista", "--scope", "group", "--json").ok()))
                .containsExactly(b);
        assertThat(keys(cli.run("--json", "sessions", "list", "--agent", "listb", "--active", "60").ok()))
                .containsExactly(c);

        cli.run("sessions", "archive", c).ok();
        assertThat(keys(cli.run("sessions", "list", "--agent", "listb", "--json").ok())).isEmpty();
        assertThat(keys(cli.run("sessions", "list", "--agent", "listb", "--status", "archived", "--json").ok()))
                .containsExactly(c);
        assertThat(keys(cli.run("sessions", "list", "--status", "all", "--json").ok())).contains(a, b, c);
        cli.run("sessions", "list", "--status", "sleeping").fails(1, "INVALID_PARAMS");
    }

    static List<String> keys(Run run) {
        return run.json().path("sessions").findValuesAsText("sessionKey");
    }

    @Test
    void showStatusAndHistoryPrintFieldsOrTheVerbatimResult() throws Exception {
        String key = session(rpc, "agent:main:whatsapp:dm:+15550001001", 2);

        Run show = cli.run("sessions", "show", key).ok();
        assertThat(show.out()).contains("sessionKey: " + key + "\n", "messageCount: 4\n", "status: active\n");
        assertThat(steady(cli.run("sessions", "show", key, "--json").ok().json()))
                .isEqualTo(steady(rpc.call("sessions.get", "{\"sessionKey\":" + quote(key) + "}")));

        Run status = cli.run("session", "status", key).ok();
        assertThat(status.out()).contains("sessionKey: " + key + "\n", "messageCount: 4\n", "queueDepth: 0\n");
        assertThat(cli.run("sessions", "status", key).ok().out()).as("the alias").isEqualTo(status.out());
        assertThat(cli.run("session", "status", key, "--json").ok().json())
                .isEqualTo(rpc.call("sessions.status", "{\"sessionKey\":" + quote(key) + "}"));

        Run last = cli.run("sessions", "history", key, "--last", "2").ok();
        assertThat(last.out().lines().toList()).containsExactly(
                "SEQ  TYPE     ROLE       CONTENT",
                "3    message  user       question 2 about the harbour",
                "4    message  assistant  answer 2: the ferry leaves at 10 o'clock.",
                "(older entries not shown)");
        JsonNode history = cli.run("sessions", "history", key, "--last", "3", "--json").ok().json();
        assertThat(history.path("entries").findValuesAsText("seq")).containsExactly("2", "3", "4");
        assertThat(history.path("hasMore").asBoolean()).isTrue();
    }

    @Test
    void sessionResetAndItsAliasesEachAppendAReset() throws Exception {
        String key = session(rpc, "agent:main:whatsapp:dm:+15550001002", 1);

        Run reset = cli.run("session", "reset", key).ok();
        assertThat(reset.out()).isEqualTo("sessionKey: " + key + "\nreset: true\nmessagesBefore: 2\n");
        session(rpc, key, 1);
        JsonNode cleared = cli.run("sessions", "clear", key, "--json").ok().json();
        assertThat(cleared.path("reset").asBoolean()).isTrue();
        assertThat(cleared.path("messagesBefore").asInt()).isEqualTo(2);
        assertThat(cli.run("sessions", "reset", key, "--json").ok().json().path("messagesBefore").asInt()).isZero();

        JsonNode entries = rpc.call("sessions.history", "{\"sessionKey\":" + quote(key) + ",\"includeArchived\":true}")
                .path("entries");
        assertThat(entries.findValuesAsText("type")).containsExactly("message", "message", "reset",
                "message", "message", "reset", "reset");
    }

    @Test
    void archiveRestoreRepairAndDeleteMoveASessionThroughItsLifecycle() throws Exception {
        String key = session(rpc, "agent:main:whatsapp:dm:+15550001003", 1);

        assertThat(cli.run("sessions", "archive", key).ok().out()).isEqualTo("sessionKey: " + key + "\nstatus: archived\n");
        assertThat(keys(cli.run("sessions", "list", "--status", "archived", "--json").ok())).contains(key);
        assertThat(cli.run("sessions", "restore", key, "--json").ok().json().path("status").asText()).isEqualTo("active");

        JsonNode repaired = cli.run("sessions", "repair", key, "--json").ok().json();
        assertThat(repaired.path("truncatedTail").asBoolean()).as(repaired.toString()).isFalse();
        assertThat(repaired.path("removed")).isEmpty();

        assertThat(cli.run("sessions", "delete", key).ok().out()).isEqualTo("deleted: true\n");
        cli.run("sessions", "show", key).fails(1, "SESSION_NOT_FOUND");
        cli.run("sessions", "delete", key).fails(1, "SESSION_NOT_FOUND");
        cli.run("sessions", "archive", key, "--json").fails(1, "SESSION_NOT_FOUND");
    }

    @Test
    void compactSummarisesOldTurnsAndSaysWhenThereIsNothingToCompact() throws Exception {
        String key = "agent:compactme:whatsapp:dm:+15550001004";
        List<String> entries = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            entries.add(message("user", "Day " + i + ": what should I pack for the trip to the harbour town?"));
            StringBuilder answer = new StringBuilder();
            for (int j = 1; j <= 12; j++) {
                answer.append("On day ").append(i).append(" the ferry number ").append(i * 100 + j)
                        .append(" leaves pier ").append(j).append(" at ").append(j + 6).append(" o'clock, weather ")
                        .append(j % 2 == 0 ? "windy" : "calm").append(" and the cafe serves dish ").append(j)
                        .append(". ");
            }
            entries.add(message("assistant", answer.toString()));
        }
        rpc.call("sessions.append", "{\"sessionKey\":" + quote(key) + ",\"entries\":[" + String.join(",", entries)
                + "]}");

        Run compact = cli.run("sessions", "compact", key, "--instructions", "keep the ferry times").ok();
        assertThat(compact.out()).contains("compacted: true\n", "turnsRemoved: 3\n");
        JsonNode again = cli.run("sessions", "compact", key, "--json").ok().json();
        assertThat(again.path("compacted").asBoolean()).as(again.toString()).isFalse();
        assertThat(again.path("reason").asText()).startsWith("nothing to compact");
        assertThat(rpc.call("sessions.history", "{\"sessionKey\":" + quote(key) + "}").path("entries")
                .findValuesAsText("type")).containsOnlyOnce("compact");

        cli.run("sessions", "compact").fails(2, "NOT_AVAILABLE");
    }

    @Test
    void statusAndGatewayCallAnswerWithTheServersStatus() throws Exception {
        assertThat(cli.run("status").ok().out()).containsPattern("(?m)^version: \\S+$").contains("sessions: {\"active\":");
        JsonNode brief = cli.run("status", "--json").ok().json();
        JsonNode verbose = cli.run("status", "--verbose", "--json").ok().json();
        assertThat(brief.path("memory").has("appends")).isFalse();
        assertThat(verbose.path("memory").has("appends")).as(verbose.toString()).isTrue();
        assertThat(steady(verbose)).isEqualTo(steady(rpc.call("system.status", "{\"verbose\":true}")));

        JsonNode called = cli.run("gateway", "call", "system.status", "--params", "{}", "--json").ok().json();
        assertThat(called.path("version").asText()).isEqualTo(brief.path("version").asText());
        assertThat(cli.run("gateway", "call", "compaction.strategies").ok().out()).contains("auto");
        cli.run("gateway", "call", "no.such.method", "--params", "{}").fails(1, "METHOD_NOT_FOUND");
        cli.run("gateway", "call", "system.status", "--params", "[1]").fails(2, "USAGE");
    }

    @Test
    void failuresAreOneErrorLineWithTheirExitCode() throws Exception {
        cli.run("frobnicate").fails(2, "USAGE");
        cli.run("sessions", "frobnicate", "x").fails(2, "USAGE");
        cli.run("sessions", "history").fails(2, "USAGE");
        cli.run("sessions", "list", "--url").fails(2, "USAGE");
        cli.run("sessions", "show", "agent:Main:whatsapp:nope:x").fails(1, "INVALID_SESSION_KEY");
        cli.run("sessions", "show", "agent:main:whatsapp:dm:+15559999999").fails(1, "SESSION_NOT_FOUND");

        cli.run("status", "--url", "http://127.0.0.1:1").fails(3, "CONNECTION");
        cli.run("sessions", "list", "--url", "ftp://127.0.0.1/").fails(3, "CONNECTION");
        cli.run("status", "--token", "not-the-token").fails(3, "UNAUTHORIZED");
        cli.run("sessions", "export", "agent:main:main", "--token=wrong").fails(3, "UNAUTHORIZED");
        new Cli(tmp, rpc.url(), null).run("sessions", "list").fails(3, "UNAUTHORIZED");
    }
}
