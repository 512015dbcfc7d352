package dev.parley.app.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.support.PackagedApp;
import dev.parley.app.support.PackagedApp.Server;
import dev.parley.core.json.Json;
import dev.parley.core.key.FileStems;
import dev.parley.core.key.SessionKey;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Big sessions through the REST import and export of the packaged server, its heap capped at 128 MiB: a
 * generated 200 000-entry (~100 MB) {@code parley} document imports and its transcript is the document's lines;
 * a bad entry near its end writes nothing and is named; a document whose {@code entries} come first imports; the
 * {@code openclaw} export streams and imports back (into a second server with room for the whole tree, as
 * OpenClaw trees are read whole).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortableStreamIT {
    static final String KEY = "agent:main:whatsapp:dm:+15555550123";
    static final int BIG = 200_000;
    static final String PAD = "lorem ipsum \"dolor\" sit amet, ü consectetur adipiscing elit ".repeat(7);

    @TempDir
    static Path tmp;

    private static PackagedApp app;
    private static Server server;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(System.getProperty("quarkus.package.output-directory") != null, "runs under failsafe only");
        app = new PackagedApp(tmp);
        server = app.start(List.of("-Xmx128m", "-Dparley.state-dir=" + tmp.resolve("state")), Map.of());
        server.awaitReady();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (app != null) {
            app.stopAll();
        }
    }

    /**
     * Writes import params {@code {document}} with a document of {@code n} messages, one active history with no reset
     * or compaction (so {@code sessions.get}'s figures, which the export includes, stream over the whole of it);
     * {@code bad} (or -1) gets an unknown role. Returns the transcript's expected SHA-256.
     */
    static String generate(Path file, String key, int n, int bad, boolean entriesFirst) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String head = "\"format\":\"parley\",\"version\":1,\"sessionKey\":\"" + key + "\",\"metadata\":{}";
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(entriesFirst ? "{\"document\":{\"entries\":[" : "{\"document\":{" + head + ",\"entries\":[");
            for (int i = 0; i <= n; i++) {
                ObjectNode e = Json.object().put("seq", i);
                if (i == 0) {
                    e.put("type", "session").put("version", 1).put("timestamp", 1_700_000_000_000L)
                            .put("sessionKey", key).put("agentId", "main");
                } else {
                    e.put("type", "message").put("timestamp", 1_700_000_000_000L + i);
                    e.putObject("message").put("role", i == bad ? "robot" : i % 2 == 0 ? "assistant" : "user")
                            .put("content", "message " + i + " " + PAD);
                }
                byte[] line = Json.line(e);
                sha.update(line);
                if (i > 0) {
                    w.write(',');
                }
                w.write(new String(line, 0, line.length - 1, StandardCharsets.UTF_8));
            }
            w.write(entriesFirst ? "]," + head + "}}" : "]}}");
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static HttpResponse<String> post(String path, Path body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + path))
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofFile(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Path transcript(Path state, String key) {
        return state.resolve("agents/main/sessions").resolve(FileStems.stem(SessionKey.parse(key, "main")) + ".jsonl");
    }

    static String sha(Path file, boolean skipHeader) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = skipHeader ? r.readLine() : null;
            while ((line = r.readLine()) != null) {
                sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** Every line after the header is the same JSON (the field order may differ after a round trip). */
    static void assertSameEntries(Path actual, Path expected) throws IOException {
        try (BufferedReader a = Files.newBufferedReader(actual); BufferedReader e = Files.newBufferedReader(expected)) {
            a.readLine();
            e.readLine();
            long n = 0;
            for (String x = a.readLine(), y = e.readLine(); x != null || y != null; x = a.readLine(), y = e.readLine()) {
                n++;
                assertThat(x == null ? null : Json.MAPPER.readTree(x)).as("line %d", n)
                        .isEqualTo(y == null ? null : Json.MAPPER.readTree(y));
            }
            assertThat(n).isEqualTo(BIG);
        }
    }

    static List<Path> leftovers(Path state) throws IOException {
        try (Stream<Path> s = Files.walk(state)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().endsWith(".spool")).toList();
        }
    }

    @Test
    @Order(1)
    void aBigDocumentImportsWithTheHeapCappedAndItsTranscriptIsTheDocumentsLines() throws Exception {
        Path doc = tmp.resolve("big.json");
        String expected = generate(doc, KEY, BIG, -1, false);
        long t0 = System.nanoTime();
        HttpResponse<String> r = post("/sessions/import", doc);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("imported %,d bytes (%,d entries) in %d ms with -Xmx128m%n", Files.size(doc), BIG, ms);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(r.body()).at("/imported/0").asText()).isEqualTo(KEY);
        assertThat(sha(transcript(tmp.resolve("state"), KEY), false)).isEqualTo(expected);
        assertThat(server.process.isAlive()).isTrue();
    }

    @Test
    @Order(2)
    void anInvalidEntryNearTheEndOfABigDocumentWritesNothingAndIsNamed() throws Exception {
        String key = "agent:main:whatsapp:dm:+15555550199";
        Path doc = tmp.resolve("bad.json");
        generate(doc, key, BIG, BIG - 3, false);
        HttpResponse<String> r = post("/sessions/import", doc);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = Json.MAPPER.readTree(r.body()).get("error");
        assertThat(error.at("/data/type").asText()).isEqualTo("INVALID_PARAMS");
        assertThat(error.at("/data/field").asText()).isEqualTo("document.entries[" + (BIG - 3) + "].message.role");
        assertThat(transcript(tmp.resolve("state"), key)).doesNotExist();
        assertThat(leftovers(tmp.resolve("state"))).isEmpty();
    }

    @Test
    @Order(3)
    void aDocumentWhoseEntriesComeBeforeItsKeyImportsTheSame() throws Exception {
        String key = "agent:main:whatsapp:dm:+15555550177";
        Path doc = tmp.resolve("first.json");
        String expected = generate(doc, key, 20_000, -1, true);
        HttpResponse<String> r = post("/sessions/import", doc);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(sha(transcript(tmp.resolve("state"), key), false)).isEqualTo(expected);
    }

    @Test
    @Order(4)
    void theOpenClawExportOfABigSessionStreamsAndImportsBack() throws Exception {
        Path out = tmp.resolve("openclaw.json");
        long t0 = System.nanoTime();
        HttpResponse<Path> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port
                + "/sessions/" + URLEncoder.encode(KEY, StandardCharsets.UTF_8) + "/export?format=openclaw")).build(),
                HttpResponse.BodyHandlers.ofFile(out));
        System.out.printf("exported openclaw %,d bytes in %d ms with -Xmx128m%n", Files.size(out),
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.statusCode()).as("%s%n%s", Files.readString(out), server.output()).isEqualTo(200);
        assertThat(server.process.isAlive()).isTrue();

        Server roomy = app.start(List.of("-Xmx2g", "-Dparley.state-dir=" + tmp.resolve("state2")), Map.of());
        roomy.awaitReady();
        HttpResponse<String> back = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + roomy.port
                + "/sessions/import")).header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofFile(out)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertSameEntries(transcript(tmp.resolve("state2"), KEY), transcript(tmp.resolve("state"), KEY));
    }
}
