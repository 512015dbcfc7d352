package dev.parley.core.portable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.session.Portable;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming import ({@code Portable.importDocumentFile}) against the in-memory one, on the same documents. */
class DocumentReaderTest {
    static final String KEY = PortableRoundTripTest.KEY;
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    SessionService service;

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
    }

    SessionService open(Path stateDir) {
        if (service != null) {
            service.close();
        }
        service = SessionService.open(SessionOptions.defaults(stateDir)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5)));
        return service;
    }

    /** A valid document of {@code n} user messages (header first). */
    static ObjectNode document(int n) {
        ObjectNode doc = Json.object().put("format", "parley").put("version", 1).put("sessionKey", KEY);
        doc.putObject("metadata").put("sessionKey", KEY);
        ArrayNode entries = doc.putArray("entries");
        entries.addObject().put("seq", 0).put("type", "session").put("version", 1).put("timestamp", 1000)
                .put("sessionKey", KEY).put("agentId", "main");
        for (int i = 1; i <= n; i++) {
            ObjectNode e = PortableRoundTripTest.user("message " + i).put("seq", i).put("timestamp", 1000 + i);
            entries.add(e);
        }
        return doc;
    }

    Path write(String name, JsonNode node) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, node.toString(), StandardCharsets.UTF_8);
        return f;
    }

    /** The document with its top-level fields in the given order. */
    static ObjectNode reordered(ObjectNode doc, List<String> order) {
        ObjectNode out = Json.object();
        order.forEach(f -> {
            if (doc.has(f)) {
                out.set(f, doc.get(f));
            }
        });
        return out;
    }

    static Throwable failure(Runnable r) {
        Throwable t = catchThrowable(r::run);
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    List<Path> leftovers(Path stateDir) throws IOException {
        if (!Files.exists(stateDir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(stateDir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")
                    || p.getFileName().toString().endsWith(".jsonl")).toList();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void anyFieldOrderImportsTheSameTranscriptAsTheInMemoryPath(long seed) throws IOException {
        System.out.println("field order seed " + seed);
        List<String> order = new ArrayList<>(List.of("format", "version", "sessionKey", "metadata", "entries"));
        Collections.shuffle(order, new Random(seed));
        ObjectNode doc = reordered(document(50), order);
        Path memory = dir.resolve("memory");
        open(memory).importDocument(doc, false).await().atMost(WAIT);
        Path streamed = dir.resolve("streamed");
        ObjectNode out = Portable.of(open(streamed)).importDocumentFile(write("doc.json", doc), null, false)
                .await().atMost(WAIT);
        assertThat(out.at("/imported/0").asText()).isEqualTo(KEY);
        assertThat(Files.readAllLines(PortableRoundTripTest.transcript(streamed)))
                .isEqualTo(Files.readAllLines(PortableRoundTripTest.transcript(memory)));
        assertThat(service.history(KEY, 1000, null, false).await().atMost(WAIT).entries()).hasSize(50);
        assertThat(leftovers(streamed)).containsExactly(PortableRoundTripTest.transcript(streamed));
    }

    @Test
    void theDocumentMayBeAMemberOfTheRequestParams() throws IOException {
        ObjectNode params = Json.object().put("overwrite", false);
        params.set("document", document(3));
        params.put("after", "ignored");
        ObjectNode out = Portable.of(open(dir.resolve("s"))).importDocumentFile(write("p.json", params), "document",
                false).await().atMost(WAIT);
        assertThat(out.at("/imported/0").asText()).isEqualTo(KEY);
    }

    static Stream<Consumer<ObjectNode>> breakages() {
        return Stream.of(
                d -> d.put("format", "other"),
                d -> d.remove("version"),
                d -> d.put("sessionKey", "agent:main:bad key"),
                d -> d.putArray("entries"),
                d -> d.put("entries", "none"),
                d -> ((ObjectNode) d.get("entries").get(0)).put("sessionKey", "agent:main:other"),
                d -> ((ObjectNode) d.get("entries").get(0)).put("type", "message"),
                d -> ((ObjectNode) d.get("entries").get(700)).put("seq", 7),
                d -> ((ObjectNode) d.get("entries").get(900)).with("message").put("role", "robot"),
                d -> ((ObjectNode) d.get("entries").get(990)).put("type", "session"),
                d -> ((ArrayNode) d.get("entries")).set(999, Json.MAPPER.getNodeFactory().numberNode(3)),
                d -> {   // two problems: the earlier one (the header) is named, as in memory
                    ((ObjectNode) d.get("entries").get(0)).put("sessionKey", "agent:main:other");
                    ((ObjectNode) d.get("entries").get(500)).put("seq", 1);
                },
                d -> {   // a document-level problem comes before any entry's
                    d.put("version", 2);
                    ((ObjectNode) d.get("entries").get(500)).put("seq", 1);
                });
    }

    @ParameterizedTest
    @MethodSource("breakages")
    void anInvalidDocumentFailsWithTheInMemoryErrorAndWritesNothingInEitherFieldOrder(Consumer<ObjectNode> broken)
            throws IOException {
        ObjectNode doc = document(1000);
        broken.accept(doc);
        Path state = dir.resolve("state");
        open(state);
        Throwable memory = failure(() -> service.importDocument(doc, false).await().atMost(WAIT));
        assertThat(memory).isInstanceOf(ParleyException.class);
        for (List<String> order : List.of(List.of("format", "version", "sessionKey", "metadata", "entries"),
                List.of("entries", "metadata", "sessionKey", "version", "format"))) {
            Path f = write("doc.json", reordered(doc, order));
            Throwable streamed = failure(() -> Portable.of(service).importDocumentFile(f, null, false)
                    .await().atMost(WAIT));
            assertThat(streamed).as("order %s", order).isInstanceOf(ParleyException.class)
                    .hasMessage(memory.getMessage());
            assertThat(((ParleyException) streamed).code()).isEqualTo(((ParleyException) memory).code());
            assertThat(((ParleyException) streamed).data()).isEqualTo(((ParleyException) memory).data());
            assertThat(leftovers(state)).isEmpty();
        }
    }

    @Test
    void aFileThatIsNotJsonIsAParseErrorEvenAfterABadEntryAndWritesNothing() throws IOException {
        ObjectNode doc = document(200);
        ((ObjectNode) doc.get("entries").get(5)).put("seq", 1);
        String text = doc.toString();
        Path f = dir.resolve("cut.json");
        Files.writeString(f, text.substring(0, text.length() - 40), StandardCharsets.UTF_8);
        Path state = dir.resolve("state");
        Throwable t = failure(() -> Portable.of(open(state)).importDocumentFile(f, null, false).await().atMost(WAIT));
        assertThat(t).isInstanceOf(ParleyException.class);
        assertThat(((ParleyException) t).code()).isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(leftovers(state)).isEmpty();
    }

    @Test
    void anExistingSessionIsAConflictUnlessOverwriteAndTheTempFileIsGone() throws IOException {
        Path state = dir.resolve("state");
        Path f = write("doc.json", document(5));
        Portable portable = Portable.of(open(state));
        portable.importDocumentFile(f, null, false).await().atMost(WAIT);
        Throwable t = failure(() -> portable.importDocumentFile(f, null, false).await().atMost(WAIT));
        assertThat(((ParleyException) t).code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(leftovers(state)).containsExactly(PortableRoundTripTest.transcript(state));
        portable.importDocumentFile(write("doc2.json", document(7)), null, true).await().atMost(WAIT);
        assertThat(Files.readAllLines(PortableRoundTripTest.transcript(state))).hasSize(8);
    }
}
