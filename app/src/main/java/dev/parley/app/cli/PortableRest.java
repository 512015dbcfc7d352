package dev.parley.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The REST routes of export and import (SPEC §11: the CLI uses REST for them): {@code GET /sessions/{key}/export}
 * streamed to a file, {@code POST /sessions/import} with a JSON body or a tar file. A progress line (bytes so far)
 * goes to stderr only when a console is attached.
 */
final class PortableRest {
    private final String url;
    private final String token;
    private final PrintStream progress;
    /** Built on first use: every command makes a PortableRest, and an HttpClient costs ~1 000 classes at start-up. */
    private HttpClient http;

    PortableRest(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.progress = System.console() != null ? System.err : null;
    }

    JsonNode export(String key, String format) {
        return json(send(get(key, format), HttpResponse.BodyHandlers.ofInputStream()));
    }

    /** Streams the export into {@code target}; returns the bytes written. */
    long exportTo(String key, String format, Path target) {
        HttpResponse<InputStream> r = send(get(key, format), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            json(r);
        }
        try (InputStream in = r.body(); OutputStream out = Files.newOutputStream(target)) {
            return format.equals("parley") ? copyDocument(in, out) : copy(in, out, "written");
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot write " + target + ": " + e.getMessage());
        }
    }

    JsonNode importJson(ObjectNode params) {
        byte[] body = params.toString().getBytes(StandardCharsets.UTF_8);
        return json(send(post("application/json", HttpRequest.BodyPublishers.ofByteArray(body), false),
                HttpResponse.BodyHandlers.ofInputStream()));
    }

    JsonNode importTar(Path tar, boolean overwrite) {
        try {
            long size = Files.size(tar);
            HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> counted(tar, size)), size);
            return json(send(post("application/x-tar", body, overwrite), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new CliFailure(CliFailure.USAGE, "USAGE", "cannot read " + tar + ": " + e.getMessage());
        }
    }

    private InputStream counted(Path tar, long size) {
        try {
            InputStream in = Files.newInputStream(tar);
            return new java.io.FilterInputStream(in) {
                long seen;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        seen += n;
                        tick(seen, "read of " + size);
                    }
                    return n;
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpRequest get(String key, String format) {
        return request("/sessions/" + encode(key) + "/export?format=" + format).GET().build();
    }

    private HttpRequest post(String type, HttpRequest.BodyPublisher body, boolean overwrite) {
        return request("/sessions/import" + (overwrite ? "?overwrite=true" : "")).header("Content-Type", type)
                .POST(body).build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofMinutes(30));
        if (token != null && !token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /** The key as one path segment: every byte outside the unreserved set percent-encoded (so {@code %} → %25). */
    static String encode(String key) {
        StringBuilder b = new StringBuilder();
        for (byte x : key.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (Character.isLetterOrDigit(c) && c < 128 || "-._~:@+=,".indexOf(c) >= 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return client().send(request, handler);
        } catch (IOException | IllegalArgumentException e) {
            throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(CliFailure.CONNECTION, "CONNECTION", "interrupted");
        }
    }

    private JsonNode json(HttpResponse<InputStream> r) {
        JsonNode body;
        try (InputStream in = r.body()) {
            body = Commands.JSON.readTree(in);
        } catch (IOException e) {
            throw new CliFailure(CliFailure.RPC, "HTTP_" + r.statusCode(), "not a JSON reply from " + url);
        }
        JsonNode error = body.path("error");
        if (r.statusCode() == 401) {
            throw new CliFailure(CliFailure.CONNECTION, "UNAUTHORIZED", error.path("message").asText("wrong token"));
        }
        if (r.statusCode() != 200 || error.isObject()) {
            String type = error.path("data").path("type").asText(error.path("code").asText("HTTP_" + r.statusCode()));
            throw new CliFailure(CliFailure.RPC, type, error.path("message").asText("HTTP " + r.statusCode()));
        }
        return body;
    }

    /**
     * The REST export answers the RPC result {@code {"document":…}}; the file gets the document itself (what
     * {@code sessions import} reads, whatever the transport), unwrapped as it streams: the prefix is checked and
     * the closing brace held back.
     */
    private long copyDocument(InputStream in, OutputStream out) throws IOException {
        byte[] prefix = "{\"document\":".getBytes(StandardCharsets.UTF_8);
        if (!java.util.Arrays.equals(in.readNBytes(prefix.length), prefix)) {
            throw new CliFailure(CliFailure.RPC, "CLIENT", "the server's export is not a {document} result");
        }
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int held = -1;
        for (int n; (n = in.read(buf)) > 0; ) {
            if (held >= 0) {
                out.write(held);
                total++;
            }
            out.write(buf, 0, n - 1);
            total += n - 1;
            held = buf[n - 1] & 0xff;
            tick(total, "written");
        }
        if (held != '}') {
            throw new CliFailure(CliFailure.RPC, "CLIENT", "the server's export ended early");
        }
        if (progress != null) {
            progress.println();
        }
        return total;
    }

    private long copy(InputStream in, OutputStream out, String what) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            out.write(buf, 0, n);
            total += n;
            tick(total, what);
        }
        if (progress != null) {
            progress.println();
        }
        return total;
    }

    private void tick(long bytes, String what) {
        if (progress != null) {
            progress.print("\r" + bytes / 1024 + " KiB " + what);
            progress.flush();
        }
    }

    private synchronized HttpClient client() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                    .build();
        }
        return http;
    }
}
