package dev.parley.app.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** JSON-RPC over HTTP to a packaged server (a child process), with an optional bearer token. */
public final class ServerRpc {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;
    private final String token;

    public ServerRpc(String url, String token) {
        this.url = url;
        this.token = token;
    }

    /** The client of {@code server} on 127.0.0.1. */
    public static ServerRpc of(PackagedApp.Server server, String token) {
        return new ServerRpc("http://127.0.0.1:" + server.port, token);
    }

    public String url() {
        return url;
    }

    /** One call's whole reply (result or error); HTTP 200 expected. */
    public JsonNode reply(String method, String params) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(method, params), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Wire.JSON.readTree(r.body());
    }

    /** One call's {@code result}, failing the test on an error reply. */
    public JsonNode call(String method, String params) throws IOException, InterruptedException {
        JsonNode reply = reply(method, params);
        assertThat(reply.has("error")).as("error in %s", reply).isFalse();
        return reply.get("result");
    }

    /** The call sent without waiting: the raw HTTP response (status and body) when it comes. */
    public CompletableFuture<HttpResponse<String>> callAsync(String method, String params) {
        return http.sendAsync(request(method, params), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String method, String params) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + "/rpc")).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method
                        + "\",\"params\":" + params + "}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }
}
