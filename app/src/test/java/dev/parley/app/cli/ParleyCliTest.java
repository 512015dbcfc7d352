package dev.parley.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument parsing of the CLI against a recording {@link Rpc}: no server involved. */
class ParleyCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> calls = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private JsonNode result = JSON.createObjectNode().put("ok", true);
    private CliFailure failure;

    private int run(Map<String, String> env, String... args) {
        return ParleyCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, (url, token) -> {
                    targets.add(url + " " + token);
                    return this::call;
                });
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private JsonNode call(String method, ObjectNode params) {
        calls.add(method + " " + params);
        if (failure != null) {
            throw failure;
        }
        return result;
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void globalOptionsAreAcceptedBeforeBetweenAndAfterTheCommandWords() throws Exception {
        assertThat(run("sessions", "--url", "http://h:1", "list", "--token", "t", "--agent", "a", "--json")).isZero();
        assertThat(targets).containsExactly("http://h:1 t");
        assertThat(calls).containsExactly("sessions.list {\"agentId\":\"a\"}");
        assertThat(JSON.readTree(out())).isEqualTo(result);

        targets.clear();
        assertThat(run("--json", "--url=http://x:2", "status")).isZero();
        assertThat(targets).containsExactly("http://x:2 null");
    }

    @Test
    void theUrlAndTokenFallBackToTheEnvironmentThenTheDefault() {
        run(Map.of("PARLEY_URL", "http://env:9", "PARLEY_TOKEN", "secret"), "status");
        run("status");
        assertThat(targets).containsExactly("http://env:9 secret", "http://127.0.0.1:8080 null");
    }

    @Test
    void aValueOfACommandOptionIsNeverReadAsAGlobalOption() {
        assertThat(run("sessions", "compact", "k", "--instructions", "--json")).isZero();
        assertThat(calls).containsExactly("sessions.compact {\"sessionKey\":\"k\",\"instructions\":\"--json\"}");
        assertThat(out()).doesNotStartWith("{");
    }

    @Test
    void aliasesCallTheSameMethods() {
        run("sessions", "clear", "k");
        run("session", "reset", "k");
        run("sessions", "status", "k");
        run("session", "status", "k");
        assertThat(calls).containsExactly("sessions.reset {\"sessionKey\":\"k\"}",
                "sessions.reset {\"sessionKey\":\"k\"}", "sessions.status {\"sessionKey\":\"k\"}",
                "sessions.status {\"sessionKey\":\"k\"}");
    }

    @Test
    void listAndHistoryOptionsBecomeRpcParams() {
        run("sessions", "list", "--channel", "c", "--scope", "dm", "--active", "30", "--status", "all");
        run("sessions", "history", "k", "--last", "5");
        run("gateway", "call", "system.status", "--params", "{\"verbose\":true}");
        run("pairing", "approve", "whatsapp", "ABC");
        assertThat(calls).containsExactly(
                "sessions.list {\"channel\":\"c\",\"scope\":\"dm\",\"status\":\"all\",\"activeMinutes\":30}",
                "sessions.history {\"sessionKey\":\"k\",\"last\":5}", "system.status {\"verbose\":true}",
                "pairing.approve {\"channel\":\"whatsapp\",\"code\":\"ABC\"}");
    }

    @Test
    void usageErrorsExitTwoWithOneErrorLineAndNoCall() {
        assertThat(run("sessions", "show")).isEqualTo(2);
        assertThat(run("sessions", "frobnicate", "k")).isEqualTo(2);
        assertThat(run("sessions", "history", "k", "--last", "many")).isEqualTo(2);
        assertThat(run("gateway", "call", "m", "--params", "[1]")).isEqualTo(2);
        assertThat(run("--url")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(calls).isEmpty();
        assertThat(err().lines()).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("error: USAGE: "));
    }

    @Test
    void messageSendCallsSessionsSendAndPrintsTheReplyOrSent() throws Exception {
        result = JSON.readTree("{\"status\":\"ok\",\"sent\":true,\"seq\":4}");
        assertThat(run("message", "send", "--to", "k", "--message", "hi there")).isZero();
        assertThat(out()).isEqualTo("sent" + System.lineSeparator());

        result = JSON.readTree("{\"status\":\"ok\",\"sent\":true,\"reply\":\"pong\"}");
        assertThat(run("message", "send", "--to", "k", "--message", "ping", "--reply-policy", "reply",
                "--timeout", "9")).isZero();
        assertThat(out()).endsWith("pong" + System.lineSeparator());
        assertThat(calls).containsExactly("sessions.send {\"sessionKey\":\"k\",\"message\":\"hi there\"}",
                "sessions.send {\"sessionKey\":\"k\",\"message\":\"ping\",\"replyPolicy\":\"reply\","
                        + "\"timeoutSeconds\":9}");

        assertThat(run("message", "send", "--to", "k", "--message", "x", "--json")).isZero();
        assertThat(out()).endsWith(result.toString() + System.lineSeparator());

        calls.clear();
        assertThat(run("message", "send", "--message", "no target")).isEqualTo(2);
        assertThat(calls).isEmpty();
    }

    @Test
    void commandsNotOfferedYetSaySoAndExitTwo() {
        assertThat(run("sessions", "export", "k", "--format", "openclaw")).isEqualTo(2);
        assertThat(run("sessions", "import", "p", "--format", "openclaw")).isEqualTo(2);
        assertThat(run("sessions", "compact")).isEqualTo(2);
        assertThat(calls).isEmpty();
        assertThat(err()).contains("--format openclaw needs --out DIR", "p is not a directory",
                "storage compaction of all sessions arrives with storage maintenance");
    }

    @Test
    void openClawExportWritesTheTreeAndImportReadsItBack(@TempDir Path dir) throws Exception {
        result = JSON.readTree("{\"files\":{\"agents/main/sessions/sessions.json\":\"{}\","
                + "\"agents/main/sessions/x.jsonl\":\"line\\n\"}}");
        assertThat(run("sessions", "export", "k", "--format", "openclaw", "--out", dir.toString())).isZero();
        assertThat(Files.readString(dir.resolve("agents/main/sessions/x.jsonl"))).isEqualTo("line\n");
        calls.clear();
        assertThat(run("sessions", "import", dir.toString(), "--format", "openclaw", "--overwrite")).isZero();
        assertThat(calls).hasSize(1);
        JsonNode sent = JSON.readTree(calls.get(0).substring("sessions.import ".length()));
        assertThat(sent.get("files")).isEqualTo(result.get("files"));
        assertThat(sent.get("overwrite").asBoolean()).isTrue();

        result = JSON.readTree("{\"files\":{\"../escape\":\"x\"}}");
        assertThat(run("sessions", "export", "k", "--format", "openclaw", "--out", dir.resolve("o").toString()))
                .isEqualTo(1);
        assertThat(Files.exists(dir.resolve("escape"))).isFalse();
    }

    @Test
    void exportWritesTheDocumentToOutAndImportSendsItBack(@TempDir Path dir) throws Exception {
        result = JSON.readTree("{\"document\":{\"format\":\"parley\",\"sessionKey\":\"k\",\"entries\":[]}}");
        Path file = dir.resolve("k.json");
        assertThat(run("sessions", "export", "k", "--out", file.toString())).isZero();
        assertThat(JSON.readTree(file.toFile())).isEqualTo(result.get("document"));
        assertThat(out()).contains("exported k");

        assertThat(run("sessions", "import", file.toString(), "--overwrite")).isZero();
        assertThat(calls).containsExactly("sessions.export {\"sessionKey\":\"k\"}",
                "sessions.import {\"document\":" + result.get("document") + ",\"overwrite\":true}");
    }

    @Test
    void exportWithoutOutPrintsTheDocumentOnStdout() throws Exception {
        result = JSON.readTree("{\"document\":{\"format\":\"parley\",\"entries\":[]}}");
        assertThat(run("sessions", "export", "k")).isZero();
        assertThat(JSON.readTree(out())).isEqualTo(result.get("document"));
    }

    @Test
    void importOfAMissingOrNonJsonFileIsAUsageErrorWithoutACall(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.json"), "[1, 2]");
        assertThat(run("sessions", "import", dir.resolve("missing.json").toString())).isEqualTo(2);
        assertThat(run("sessions", "import", bad.toString())).isEqualTo(2);
        assertThat(run("sessions", "export", "k", "--format", "csv")).isEqualTo(2);
        assertThat(calls).isEmpty();
        assertThat(err().lines()).hasSize(3).allSatisfy(line -> assertThat(line).startsWith("error: USAGE: "));
    }

    @Test
    void anRpcErrorIsOneLineWithItsTypeAndItsExitCode() {
        failure = new CliFailure(CliFailure.RPC, "SESSION_NOT_FOUND", "no session k");
        assertThat(run("sessions", "show", "k")).isEqualTo(1);
        failure = new CliFailure(CliFailure.CONNECTION, "UNAUTHORIZED", "wrong token");
        assertThat(run("status")).isEqualTo(3);
        assertThat(err()).isEqualTo("error: SESSION_NOT_FOUND: no session k\nerror: UNAUTHORIZED: wrong token\n");
    }

    @Test
    void theSessionsTableHasOneRowPerSession() throws Exception {
        result = JSON.readTree("{\"sessions\":[{\"sessionKey\":\"agent:main:main\",\"agentId\":\"main\","
                + "\"channel\":null,\"status\":\"active\",\"messageCount\":3,\"lastActiveAt\":\"2026-01-01T00:00:00Z\"}]}");
        assertThat(run("sessions", "list")).isZero();
        assertThat(out().lines()).hasSize(2);
        assertThat(out()).startsWith("KEY").contains("agent:main:main  main   -        active  3");
    }

    @Test
    void anUnreachableServerIsAConnectionFailure() {
        int exit = ParleyCli.run(new String[] {"status", "--url", "http://127.0.0.1:1"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), HttpRpc::new);
        assertThat(exit).isEqualTo(3);
        assertThat(err()).startsWith("error: CONNECTION: cannot reach http://127.0.0.1:1");
    }
}
