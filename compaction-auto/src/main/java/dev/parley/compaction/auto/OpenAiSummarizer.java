package dev.parley.compaction.auto;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionException;
import dev.parley.compaction.spi.SummaryRequest;
import dev.parley.compaction.spi.Summarizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Calls {@code POST <base-url>/chat/completions} of any OpenAI-compatible server.
 *
 * <p>Design notes. Fully asynchronous ({@link HttpClient#sendAsync}); one client per instance, shared by every
 * session of the agent, so it is thread-safe. Retries (up to {@code maxRetries}, backoff doubling from
 * {@code backoff}, or the server's {@code Retry-After} up to 30 s) only on HTTP 429, HTTP 5xx and I/O errors
 * such as a refused connection — never on other 4xx (a bad key or request will not heal) and never on a
 * timeout: each attempt already waited {@code timeout}, and retrying would outlast the engine's compaction
 * timeout. Failures are {@link CompactionException}s naming the endpoint and what went wrong.
 */
final class OpenAiSummarizer implements Summarizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern THINKING = Pattern.compile("(?s)^\\s*<think>.*?</think>\\s*");
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration backoff;
    private final double temperature;
    private final HttpClient client;

    /** @param apiKey the bearer token, or null to send no {@code Authorization} header */
    OpenAiSummarizer(URI endpoint, String model, String apiKey, Duration timeout, int maxRetries, Duration backoff,
                     double temperature) {
        this.endpoint = endpoint;
        this.model = model;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.temperature = temperature;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public CompletionStage<String> summarize(SummaryRequest request) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(body(request));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(new CompactionException("openai: cannot encode the request", e));
        }
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            http.header("Authorization", "Bearer " + apiKey);
        }
        return attempt(http.build(), 0);
    }

    ObjectNode body(SummaryRequest r) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", model);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", OpenAiPrompt.system(r.maxTokens()));
        messages.addObject().put("role", "user").put("content", OpenAiPrompt.user(r));
        root.put("max_tokens", r.maxTokens());
        root.put("temperature", temperature);
        root.put("stream", false);
        return root;
    }

    private CompletableFuture<String> attempt(HttpRequest request, int attempt) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).<CompletableFuture<String>>handle(
                (response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof HttpTimeoutException) {
                    return fail("POST " + endpoint + " timed out after " + timeout.toMillis() + " ms", cause);
                }
                if (cause instanceof IOException && attempt < maxRetries) {
                    return retry(request, attempt, backoff(attempt));
                }
                return fail("POST " + endpoint + " failed" + tries(attempt) + ": " + cause, cause);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                try {
                    return CompletableFuture.completedFuture(content(response.body()));
                } catch (CompactionException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            if ((status == 429 || status >= 500) && attempt < maxRetries) {
                return retry(request, attempt, retryAfter(response).orElse(backoff(attempt)));
            }
            return fail("POST " + endpoint + " returned HTTP " + status + tries(attempt) + errorDetail(response.body()),
                    null);
        }).thenCompose(f -> f);
    }

    private CompletableFuture<String> retry(HttpRequest request, int attempt, Duration delay) {
        return CompletableFuture.supplyAsync(() -> attempt + 1,
                        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS))
                .thenCompose(next -> attempt(request, next));
    }

    private Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt, 10));
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(v.strip()));
                return java.util.Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
            } catch (NumberFormatException e) {
                return java.util.Optional.empty(); // an HTTP date: use our own backoff
            }
        });
    }

    private String content(String body) throws CompactionException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CompactionException("openai summariser: POST " + endpoint
                    + " returned a body that is not JSON: " + abbreviate(body));
        }
        JsonNode choices = root == null ? null : root.path("choices");
        if (choices == null || !choices.isArray() || choices.isEmpty()) {
            throw new CompactionException("openai summariser: POST " + endpoint + " returned no choices"
                    + errorDetail(body));
        }
        JsonNode choice = choices.get(0);
        JsonNode content = choice.path("message").path("content");
        StringBuilder text = new StringBuilder();
        if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) { // content parts: [{"type":"text","text":"…"}]
            content.forEach(part -> text.append(part.path("text").asText("")));
        }
        String summary = THINKING.matcher(text).replaceFirst("").strip();
        if (summary.isEmpty()) {
            throw new CompactionException("openai summariser: POST " + endpoint + " returned an empty summary"
                    + " (finish_reason=" + choice.path("finish_reason").asText("unknown") + ")");
        }
        return summary;
    }

    private String tries(int attempt) {
        return attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
    }

    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            String message = error.isTextual() ? error.asText() : error.path("message").asText("");
            if (!message.isBlank()) {
                return ": " + abbreviate(message);
            }
        } catch (JsonProcessingException e) {
            // not JSON: show the start of the body
        }
        return ": " + abbreviate(body);
    }

    private static String abbreviate(String s) {
        String t = s.strip().replaceAll("\\s+", " ");
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }

    private static <T> CompletableFuture<T> fail(String message, Throwable cause) {
        return CompletableFuture.failedFuture(new CompactionException("openai summariser: " + message, cause));
    }
}
