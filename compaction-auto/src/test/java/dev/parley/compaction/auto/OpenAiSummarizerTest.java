package dev.parley.compaction.auto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local fake of an OpenAI-compatible server on 127.0.0.1; the real endpoint is never called. */
class OpenAiSummarizerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the fake answers, per request number (0-based): status, body, and a delay in ms. */
    interface Script {
        Reply reply(int n);
    }

    record Reply(int status, String body, long delayMs) {}

    record Seen(String method, String path, String authorization, String contentType, JsonNode body) {}

    private HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile Script script = n -> ok("Decisions:\n- keep it");

    static Reply ok(String content) {
        return new Reply(200, "{\"id\":\"x\",\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":"
                + "{\"role\":\"assistant\",\"content\":" + quote(content) + "}}]}", 0);
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] in = ex.getRequestBody().readAllBytes();
        JsonNode body = in.length == 0 ? null : JSON.readTree(in);
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body));
        Reply r = script.reply(count.getAndIncrement());
        if (r.delayMs() > 0) {
            try {
                Thread.sleep(r.delayMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            ex.getResponseBody().write(out);
        }
        ex.close();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    private Summarizer summarizer(Map<String, String> extra, Map<String, String> env) {
        Map<String, String> config = new HashMap<>(Map.of("base-url", baseUrl(), "retry-backoff", "10ms"));
        config.putAll(extra);
        return new OpenAiSummarizerProvider().create(config, env::get);
    }

    private static SummaryRequest request() {
        return new SummaryRequest("user: deploy api-gateway\n\nassistant: done", "Rules:\n- never on Fridays",
                "focus on deploys", 321, List.of("api-gateway", "JIRA-7"));
    }

    private static String call(Summarizer s) throws Exception {
        return s.summarize(request()).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void postsAChatCompletionWithThePromptSectionsAndReturnsTheContent() throws Exception {
        script = n -> ok("Decisions:\n- deploy api-gateway (JIRA-7)");
        Summarizer s = summarizer(Map.of("model", "llama3.1", "api-key-env", "MY_KEY", "temperature", "0.3"),
                Map.of("MY_KEY", "sk-test-123"));
        assertThat(call(s)).isEqualTo("Decisions:\n- deploy api-gateway (JIRA-7)");

        Seen r = seen.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.authorization()).isEqualTo("Bearer sk-test-123");
        assertThat(r.contentType()).isEqualTo("application/json");
        assertThat(r.body().path("model").asText()).isEqualTo("llama3.1");
        assertThat(r.body().path("max_tokens").asInt()).isEqualTo(321);
        assertThat(r.body().path("temperature").asDouble()).isEqualTo(0.3);
        assertThat(r.body().path("stream").asBoolean()).isFalse();
        JsonNode messages = r.body().path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).contains("Decisions:", "Open tasks:",
                "Last user request:", "Rules:", "Identifiers:", "321 tokens");
        assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
        assertThat(messages.get(1).path("content").asText()).contains("Previous summary (fold it in):\nRules:\n- never",
                "Focus requested by the user: focus on deploys", "- api-gateway\n- JIRA-7\n",
                "Conversation to summarise:\nuser: deploy api-gateway");
    }

    @Test
    void noAuthorizationHeaderIsSentWhenTheKeyVariableIsUnsetOrBlank() throws Exception {
        call(summarizer(Map.of(), Map.of()));
        call(summarizer(Map.of("api-key-env", "EMPTY_KEY"), Map.of("EMPTY_KEY", "  ")));
        assertThat(seen).extracting(Seen::authorization).containsExactly(null, null);
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() throws Exception {
        script = n -> n < 2 ? new Reply(n == 0 ? 500 : 429, "{\"error\":{\"message\":\"busy\"}}", 0) : ok("fine");
        assertThat(call(summarizer(Map.of("max-retries", "2"), Map.of()))).isEqualTo("fine");
        assertThat(seen).hasSize(3);
    }

    @Test
    void retriesStopAtMaxRetriesAndTheErrorNamesStatusAndEndpoint() {
        script = n -> new Reply(503, "{\"error\":{\"message\":\"model is loading\"}}", 0);
        assertThatThrownBy(() -> call(summarizer(Map.of("max-retries", "1"), Map.of())))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CompactionException.class)
                .hasMessageContaining("HTTP 503").hasMessageContaining(baseUrl() + "/chat/completions")
                .hasMessageContaining("model is loading").hasMessageContaining("after 2 attempts");
        assertThat(seen).hasSize(2);
    }

    @Test
    void unauthorisedIsNotRetried() {
        script = n -> new Reply(401, "{\"error\":{\"message\":\"Incorrect API key provided\"}}", 0);
        assertThatThrownBy(() -> call(summarizer(Map.of("max-retries", "3"), Map.of())))
                .cause().isInstanceOf(CompactionException.class).hasMessageContaining("HTTP 401")
                .hasMessageContaining("Incorrect API key provided");
        assertThat(seen).hasSize(1);
    }

    @Test
    void theTimeoutIsHonouredAndNotRetried() {
        script = n -> new Reply(200, ok("late").body(), 3_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> call(summarizer(Map.of("timeout", "300ms", "max-retries", "2"), Map.of())))
                .cause().isInstanceOf(CompactionException.class).hasMessageContaining("timed out after 300 ms");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_500);
        assertThat(seen).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedAndReported() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Summarizer s = new OpenAiSummarizerProvider().create(Map.of("base-url", "http://127.0.0.1:" + port + "/v1",
                "max-retries", "1", "retry-backoff", "10ms"), k -> null);
        assertThatThrownBy(() -> call(s)).cause().isInstanceOf(CompactionException.class)
                .hasMessageContaining("failed (after 2 attempts)");
    }

    @Test
    void answersWithoutChoicesOrContentAreFailures() {
        script = n -> switch (n) {
            case 0 -> new Reply(200, "{\"choices\":[]}", 0);
            case 1 -> new Reply(200, "{\"choices\":[{\"finish_reason\":\"length\",\"message\":{\"content\":\"\"}}]}", 0);
            default -> new Reply(200, "<html>proxy error</html>", 0);
        };
        Summarizer s = summarizer(Map.of(), Map.of());
        assertThatThrownBy(() -> call(s)).cause().hasMessageContaining("returned no choices");
        assertThatThrownBy(() -> call(s)).cause().hasMessageContaining("empty summary (finish_reason=length)");
        assertThatThrownBy(() -> call(s)).cause().hasMessageContaining("not JSON");
    }

    @Test
    void aReasoningModelsThinkingBlockIsDropped() throws Exception {
        script = n -> ok("<think>let me consider</think>\n\nDecisions:\n- ship it");
        assertThat(call(summarizer(Map.of(), Map.of()))).isEqualTo("Decisions:\n- ship it");
    }

    @Test
    void badConfigurationFailsNamingTheKey() {
        OpenAiSummarizerProvider p = new OpenAiSummarizerProvider();
        assertThatThrownBy(() -> p.create(Map.of("base-url", "ftp://x"))).hasMessageContaining(
                "parley.summarizers.openai.base-url");
        assertThatThrownBy(() -> p.create(Map.of("timeout", "soon"))).hasMessageContaining("timeout");
        assertThatThrownBy(() -> p.create(Map.of("max-retries", "-1"))).hasMessageContaining("max-retries");
        assertThatThrownBy(() -> p.create(Map.of("temperature", "3"))).hasMessageContaining("temperature");
        assertThatThrownBy(() -> p.create(Map.of("api-key", "sk-oops"))).hasMessageContaining("unknown")
                .hasMessageContaining("api-key-env").hasMessageNotContaining("sk-oops");
        assertThat(p.create(Map.of("timeout", "PT2M"))).isNotNull();
        assertThat(p.create(Map.of("timeout", "1500ms"))).isNotNull();
    }

    @Test
    void durationsAcceptQuarkusAndIsoSyntax() {
        assertThat(Config.parseDuration("60s")).hasSeconds(60);
        assertThat(Config.parseDuration("500ms")).hasMillis(500);
        assertThat(Config.parseDuration("2m")).hasMinutes(2);
        assertThat(Config.parseDuration("45")).hasSeconds(45);
        assertThat(Config.parseDuration("PT1M30S")).hasSeconds(90);
        assertThat(Config.parseDuration("soon")).isNull();
    }
}
