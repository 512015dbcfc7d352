package dev.parley.app.cli;

import static dev.parley.app.cli.ParleyCliIT.session;
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
import dev.parley.app.support.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged CLI launcher run as a child process against one packaged server (with a token and a pairing
 * channel): export and import in both formats (files, directories, a tar made with {@code tar}), {@code message send}
 * answered by a runtime loop in the test, and pairing.
 */
class ParleyCliPortableIT {

    @TempDir
    static Path tmp;

    private static PackagedApp app;
    private static ServerRpc rpc;
    private static Cli cli;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(System.getProperty("quarkus.package.output-directory") != null, "runs under failsafe only");
        app = new PackagedApp(tmp);
        Server server = app.start(List.of("-Dparley.state-dir=" + tmp.resolve("state"),
                "-Dparley.auth.token=" + ParleyCliIT.TOKEN, "-Dparley.channels.signal.dm-policy=pairing"), Map.of());
        server.awaitReady();
        rpc = ServerRpc.of(server, ParleyCliIT.TOKEN);
        cli = new Cli(tmp, rpc.url(), ParleyCliIT.TOKEN);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.stopAll();
        }
    }

    private static JsonNode entries(String key) throws Exception {
        return rpc.call("sessions.history", "{\"sessionKey\":" + quote(key) + "}").path("entries");
    }

    /** {@code document} without its metadata's {@code sessionAge}, which grows between two exports. */
    private static JsonNode aged(JsonNode document) {
        JsonNode copy = document.deepCopy();
        ((ObjectNode) copy.path("metadata")).remove("sessionAge");
        return copy;
    }

    @Test
    void aParleyExportImportsBackOnlyWithOverwriteWhileTheSessionExists() throws Exception {
        String key = session(rpc, "agent:main:whatsapp:dm:+15550002001", 2);
        JsonNode before = entries(key);

        JsonNode document = cli.run("sessions", "export", key).ok().json();
        assertThat(document.path("format").asText()).isEqualTo("parley");
        assertThat(document.path("sessionKey").asText()).isEqualTo(key);
        assertThat(document.path("entries").get(0).path("type").asText()).isEqualTo("session");
        assertThat(document.path("entries")).hasSize(before.size() + 1).endsWith(before.get(before.size() - 1));
        assertThat(aged(cli.run("sessions", "export", key, "--json").ok().json().path("document")))
                .isEqualTo(aged(document));

        Run exported = cli.run("sessions", "export", key, "--out", "doc.json").ok();
        assertThat(exported.out()).startsWith("exported " + key + " (").endsWith(" bytes) to doc.json\n");
        JsonNode file = Wire.JSON.readTree(tmp.resolve("doc.json").toFile());
        // the file holds the document itself (streamed out of the REST result {document}), as over RPC
        assertThat(file.path("format").asText()).isEqualTo("parley");
        assertThat(aged(file)).isEqualTo(aged(document));

        cli.run("sessions", "import", "doc.json").fails(1, "CONFLICT");
        Run overwritten = cli.run("sessions", "import", "doc.json", "--overwrite").ok();
        assertThat(overwritten.out()).contains("imported: [\"" + key + "\"]\n");
        cli.run("sessions", "delete", key).ok();
        JsonNode imported = cli.run("sessions", "import", tmp.resolve("doc.json").toString(), "--json").ok().json();
        assertThat(imported.path("imported").get(0).asText()).isEqualTo(key);
        assertThat(entries(key)).isEqualTo(before);

        Files.writeString(tmp.resolve("not-json.json"), "[1, 2]");
        cli.run("sessions", "import", "not-json.json").fails(2, "USAGE");
        cli.run("sessions", "export", key, "--format", "yaml").fails(2, "USAGE");
    }

    @Test
    void anOpenClawTreeImportsFromItsDirectoryOrATarAndPrintsTheMappedKeys() throws Exception {
        String key = session(rpc, "agent:main:whatsapp:dm:+15550002002", 2);
        String openclawKey = "agent:main:whatsapp:direct:+15550002002";
        JsonNode before = entries(key);

        cli.run("sessions", "export", key, "--format", "openclaw").fails(2, "USAGE");
        Run exported = cli.run("sessions", "export", key, "--format", "openclaw", "--out", "oc").ok();
        assertThat(exported.out()).isEqualTo("exported " + key + " (2 files) to " + tmp.resolve("oc").toRealPath() + "\n");
        Path sessions = tmp.resolve("oc/agents/main/sessions");
        try (Stream<Path> files = Files.list(sessions)) {
            assertThat(files.map(p -> p.getFileName().toString())).hasSize(2).contains("sessions.json")
                    .anySatisfy(name -> assertThat(name).endsWith(".jsonl"));
        }
        assertThat(Wire.JSON.readTree(sessions.resolve("sessions.json").toFile()).has(openclawKey)).isTrue();

        cli.run("sessions", "import", "oc", "--format", "openclaw").fails(1, "CONFLICT");
        cli.run("sessions", "delete", key).ok();
        Run imported = cli.run("sessions", "import", "oc", "--format", "openclaw").ok();
        assertThat(imported.out()).contains("imported: [\"" + key + "\"]\n",
                "mapped: [{\"from\":\"" + openclawKey + "\",\"to\":\"" + key + "\",");
        assertThat(entries(key)).isEqualTo(before);

        Process tar = new ProcessBuilder("tar", "-cf", "../oc.tar", "agents").directory(tmp.resolve("oc").toFile())
                .inheritIO().start();
        assertThat(tar.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        cli.run("sessions", "import", "oc.tar", "--format", "openclaw").fails(1, "CONFLICT");
        JsonNode fromTar = cli.run("sessions", "import", "oc.tar", "--format", "openclaw", "--overwrite", "--json")
                .ok().json();
        assertThat(fromTar.path("imported").get(0).asText()).isEqualTo(key);
        assertThat(fromTar.path("mapped").get(0).path("from").asText()).isEqualTo(openclawKey);
        assertThat(fromTar.path("mapped").get(0).path("to").asText()).isEqualTo(key);
        assertThat(entries(key)).isEqualTo(before);

        cli.run("sessions", "import", "doc-that-is-not-there", "--format", "openclaw").fails(2, "USAGE");
    }

    @Test
    void messageSendDeliversAtOnceOrWaitsForTheRuntimesReply() throws Exception {
        String quiet = session(rpc, "agent:main:whatsapp:dm:+15550002003", 1);
        assertThat(cli.run("message", "send", "--to", quiet, "--message", "hello operator").ok().out())
                .isEqualTo("sent\n");
        JsonNode skip = cli.run("message", "send", "--to", quiet, "--message", "again", "--reply-policy", "skip",
                "--json").ok().json();
        assertThat(skip.path("status").asText()).isEqualTo("ok");
        assertThat(skip.path("sent").asBoolean()).isTrue();
        JsonNode last = entries(quiet).get(entries(quiet).size() - 1);
        assertThat(last.path("seq").asLong()).isEqualTo(skip.path("seq").asLong());
        assertThat(last.at("/message/content").asText()).isEqualTo("again");
        cli.run("message", "send", "--to", "agent:main:whatsapp:dm:+15559999999", "--message", "x")
                .fails(1, "SESSION_NOT_FOUND");
        cli.run("message", "send", "--message", "x").fails(2, "USAGE");

        String echo = session(rpc, "agent:echo:whatsapp:dm:+15550002004", 1);
        CompletableFuture<Integer> runtime = CompletableFuture.supplyAsync(ParleyCliPortableIT::serveTwoTurns);
        Run reply = cli.run("message", "send", "--to", echo, "--message", "ping one", "--reply-policy", "reply",
                "--timeout", "30").ok();
        assertThat(reply.out()).isEqualTo("echo: ping one\n");
        JsonNode json = cli.run("message", "send", "--to", echo, "--message", "ping two", "--reply-policy", "reply",
                "--json").ok().json();
        assertThat(json.path("status").asText()).as(json.toString()).isEqualTo("ok");
        assertThat(json.path("reply").asText()).isEqualTo("echo: ping two");
        assertThat(runtime.get(30, TimeUnit.SECONDS)).isEqualTo(2);
    }

    /** A runtime of agent {@code echo}: two turns of turns.next → append "echo: …" with the token → complete. */
    private static int serveTwoTurns() {
        try {
            int served = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (served < 2 && System.nanoTime() < deadline) {
                JsonNode lease = rpc.call("turns.next", "{\"agentId\":\"echo\",\"waitSeconds\":5}");
                if (lease == null || lease.isNull()) {
                    continue;
                }
                JsonNode entries = lease.at("/context/entries");
                String text = entries.get(entries.size() - 1).at("/message/content").asText();
                rpc.call("sessions.append", "{\"sessionKey\":" + quote(lease.path("sessionKey").asText())
                        + ",\"token\":" + lease.path("token").asLong() + ",\"entries\":["
                        + ParleyCliIT.message("assistant", "echo: " + text) + "]}");
                rpc.call("turns.complete", "{\"turnId\":" + quote(lease.path("turnId").asText()) + ",\"token\":"
                        + lease.path("token").asLong() + "}");
                served++;
            }
            return served;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void pairingListShowsAPendingCodeAndApprovingItLetsTheSenderIn() throws Exception {
        String inbound = "{\"channel\":\"signal\",\"peer\":{\"kind\":\"dm\",\"id\":\"+4915550002005\"},\"text\":\"hi\"}";
        JsonNode dropped = rpc.call("messages.inbound", inbound);
        assertThat(dropped.path("reason").asText()).isEqualTo("pairing_required");
        String code = dropped.at("/pairing/code").asText();

        assertThat(cli.run("pairing", "list").ok().out()).contains("pending: [{\"code\":\"" + code + "\"");
        JsonNode listed = cli.run("pairing", "list", "signal", "--json").ok().json();
        assertThat(listed).isEqualTo(rpc.call("pairing.list", "{\"channel\":\"signal\"}"));
        assertThat(listed.path("pending").findValuesAsText("code")).containsExactly(code);

        Run approved = cli.run("pairing", "approve", "signal", code).ok();
        assertThat(approved.out()).contains("channel: signal\n", "senderId: +4915550002005\n");
        cli.run("pairing", "approve", "signal", code).fails(1, "INVALID_PARAMS");
        cli.run("pairing", "approve", "signal").fails(2, "USAGE");
        assertThat(rpc.call("messages.inbound", inbound).path("accepted").asBoolean()).isTrue();
        assertThat(cli.run("pairing", "list", "signal", "--json").ok().json().path("pending")).isEmpty();
    }
}
