package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@link Rpc} over {@code POST <url>/rpc} (HTTP/1.1), optionally with a bearer token.
 *
 * <p>Uses {@link HttpURLConnection}, not {@code java.net.http.HttpClient}: the CLI makes one call per process, and
 * building an {@code HttpClient} loads ~300 classes (its selector machinery and the default TLS context, even for
 * {@code http:} URLs), a fifth of the CLI's start-up (docs/BENCHMARKS.md, "CLI start-up").
 */
public final class HttpRpc implements Rpc {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int READ_TIMEOUT_MS = 5 * 60_000;

    private final String url;
    private final String token;

    public HttpRpc(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    @Override
    public JsonNode call(String method, ObjectNode params) {
        ObjectNode request = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", 1).put("method", method);
        request.set("params", params);
        Response response = send(request.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode body = parse(response);
        if (response.status() == 401 || "UNAUTHORIZED".equals(type(body))) {
            throw new CliFailure(CliFailure.CONNECTION, "UNAUTHORIZED", message(body, "missing or wrong token"));
        }
        if (body.has("error")) {
            throw new CliFailure(CliFailure.RPC, type(body), message(body, "unknown error"));
        }
        return body.path("result");
    }

    /** An HTTP status and the body's bytes (the error body for statuses of 400 and above). */
    private record Response(int status, byte[] body) {
    }

    private Response send(byte[] body) {
        URL endpoint = endpoint();
        try {
            HttpURLConnection http = (HttpURLConnection) endpoint.openConnection();
            http.setConnectTimeout(CONNECT_TIMEOUT_MS);
            http.setReadTimeout(READ_TIMEOUT_MS);
            http.setInstanceFollowRedirects(false);
            http.setRequestMethod("POST");
            http.setRequestProperty("Content-Type", "application/json");
            if (token != null && !token.isEmpty()) {
                http.setRequestProperty("Authorization", "Bearer " + token);
            }
            http.setDoOutput(true);
            http.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = http.getOutputStream()) {
                out.write(body);
            }
            int status = http.getResponseCode();
            InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream();
            try (in) {
                return new Response(status, in == null ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException | IllegalArgumentException e) {
            String why = e instanceof ConnectException ? "connection refused"
                    : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "cannot reach " + url + ": " + why);
        }
    }

    /** {@code <url>/rpc}; a URL that is not one is a usage error, one that is not http(s) cannot be reached. */
    private URL endpoint() {
        URI uri;
        try {
            uri = URI.create(url + "/rpc");
        } catch (IllegalArgumentException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "bad --url " + url + ": " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String problem = !scheme.equals("http") && !scheme.equals("https") ? "invalid URI scheme " + scheme
                : uri.getHost() == null ? "no host in " + uri : null;
        try {
            if (problem == null) {
                return uri.toURL();
            }
        } catch (IOException | IllegalArgumentException e) {
            problem = e.getMessage();
        }
        throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "cannot reach " + url + ": " + problem);
    }

    private JsonNode parse(Response response) {
        try {
            JsonNode body = JSON.readTree(response.body());
            return body == null ? JSON.missingNode() : body;
        } catch (IOException e) {
            int exit = response.status() == 401 ? CliFailure.CONNECTION : CliFailure.RPC;
            throw new CliFailure(exit, "HTTP_" + response.status(), "not a JSON-RPC reply from " + url);
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
