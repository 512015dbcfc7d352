package dev.parley.app.events;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real SSE client over java.net.http: reads {@code event:}/{@code data:} frames into a queue. */
final class SseClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One frame as received. */
    record Frame(String event, String data) {
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    private SseClient(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + pathAndQuery))
                .header("Accept", "text/event-stream").GET().build();
        response = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(this::read);
    }

    static SseClient open(String pathAndQuery) {
        return new SseClient(pathAndQuery);
    }

    /** The response head; waits for it. */
    HttpResponse<Stream<String>> head() throws Exception {
        return response.get(10, TimeUnit.SECONDS);
    }

    /** The next frame, or null after the timeout. */
    Frame next(Duration timeout) throws InterruptedException {
        return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read(HttpResponse<Stream<String>> head) {
        lines = head.body();
        String[] event = {null};
        StringBuilder data = new StringBuilder();
        try {
            lines.forEach(line -> {
                if (line.isEmpty()) {
                    if (event[0] != null || data.length() > 0) {
                        frames.add(new Frame(event[0], data.toString()));
                    }
                    event[0] = null;
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event[0] = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring("data:".length()).strip());
                }
            });
        } catch (RuntimeException closed) {
            // the stream was closed by close() or by the server
        }
    }

    @Override
    public void close() {
        response.cancel(true);
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
    }
}
