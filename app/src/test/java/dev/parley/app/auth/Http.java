package dev.parley.app.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the auth tests: exact headers, any method, and streams that are opened but not read. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            // Java's client tries an h2c upgrade by default, and Vert.x consumes the body of an upgrade request.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Http() {}

    record Reply(int status, String body, HttpResponse<?> response) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    /** Sends a request; {@code authorization} null sends no Authorization header, {@code body} null none. */
    static Reply send(String method, String path, String authorization, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Opens a stream (an SSE endpoint), checks the head only, and closes it: the status and content type. */
    static Reply head(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<InputStream> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body = "";
            if (response.statusCode() != 200) {
                body = new String(response.body().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            response.body().close();
            return new Reply(response.statusCode(), body, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The 401 of SPEC §11 on a REST route: {@code {"error":{code:-32007, message, data:{type:UNAUTHORIZED}}}}. */
    static void assertRestUnauthorized(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        assertThat(reply.header("WWW-Authenticate")).startsWith("Bearer");
        JsonNode error = reply.json().get("error");
        assertThat(error.get("code").asInt()).isEqualTo(-32007);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.at("/data/type").asText()).isEqualTo("UNAUTHORIZED");
    }

    /** The 401 of SPEC §11 on /rpc: a JSON-RPC error response with id null. */
    static void assertRpcUnauthorized(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        JsonNode json = reply.json();
        assertThat(json.get("jsonrpc").asText()).isEqualTo("2.0");
        assertThat(json.has("id")).isTrue();
        assertThat(json.get("id").isNull()).isTrue();
        assertThat(json.at("/error/code").asInt()).isEqualTo(-32007);
        assertThat(json.at("/error/data/type").asText()).isEqualTo("UNAUTHORIZED");
    }
}
