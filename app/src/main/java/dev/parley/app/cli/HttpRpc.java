package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** {@link Rpc} over {@code POST <url>/rpc} with the JDK HTTP client (HTTP/1.1), optionally with a bearer token. */
public final class HttpRpc implements Rpc {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String token;
    private final HttpClient http;

    public HttpRpc(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public JsonNode call(String method, ObjectNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", params);
        HttpResponse<String> response = send(request.toString());
        JsonNode body = parse(response);
        if (response.statusCode() == 401 || "UNAUTHORIZED".equals(type(body))) {
            throw new CliFailure(CliFailure.CONNECTION, "UNAUTHORIZED", message(body, "missing or wrong token"));
        }
        if (body.has("error")) {
            throw new CliFailure(CliFailure.RPC, type(body), message(body, "unknown error"));
        }
        return body.path("result");
    }

    private HttpResponse<String> send(String body) {
        URI uri;
        try {
            uri = URI.create(url + "/rpc");
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "bad --url " + url + ": " + e.getMessage());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            String why = e.getMessage() != null ? e.getMessage()
                    : e instanceof java.net.ConnectException ? "connection refused" : e.getClass().getSimpleName();
            throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "cannot reach " + url + ": " + why);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "interrupted");
        }
    }

    private JsonNode parse(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            int exit = response.statusCode() == 401 ? CliFailure.CONNECTION : CliFailure.RPC;
            throw new CliFailure(exit, "HTTP_" + response.statusCode(), "not a JSON-RPC reply from " + url);
        }
    }

    private static String type(JsonNode body) {
        JsonNode error = body.path("error");
        return error.path("data").path("type").asText(error.has("code") ? "CODE_" + error.path("code").asText() : "");
    }

    private static String message(JsonNode body, String fallback) {
        return body.path("error").path("message").asText(fallback);
    }
}
