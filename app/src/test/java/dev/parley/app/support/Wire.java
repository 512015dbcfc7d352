package dev.parley.app.support;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Test helpers for talking to the running server: JSON-RPC, exact raw HTTP, and the "never leaks" checks. */
public final class Wire {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Wire() {}

    /** A status and body as the server sent them. */
    public record Reply(int status, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The error object of a REST error body or of a single JSON-RPC error response. */
        public JsonNode error() {
            JsonNode error = json().get("error");
            assertThat(error).as("error object in %s", body).isNotNull();
            return error;
        }
    }

    /** POST /rpc with a JSON text. */
    public static Reply rpc(String body) {
        return rpc(body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply rpc(byte[] body) {
        var r = given().contentType(ContentType.JSON).body(body).post("/rpc");
        return new Reply(r.statusCode(), r.asString());
    }

    /** One call; its {@code result}, failing the test on an error response. */
    public static JsonNode call(String method, String params) {
        Reply reply = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.has("error")).as("error in %s", reply.body()).isFalse();
        return json.get("result");
    }

    /** A request sent byte for byte as given: no client-side normalisation of the target or the body. */
    public static Reply raw(String method, String target, String contentType, byte[] body, boolean chunked) {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder()
                    .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\n");
            }
            if (body != null && chunked) {
                head.append("Transfer-Encoding: chunked\r\n");
            } else if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null && chunked) {
                for (int off = 0; off < body.length; off += 65536) {
                    int len = Math.min(65536, body.length - off);
                    out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body, off, len);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else if (body != null) {
                out.write(body);
            }
            out.flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Reply raw(String method, String target) {
        return raw(method, target, null, null, false);
    }

    public static Reply rawJson(String method, String target, String body) {
        return raw(method, target, "application/json", body.getBytes(StandardCharsets.UTF_8), false);
    }

    private static Reply parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        String statusLine = text.substring(0, text.indexOf("\r\n"));
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        if (status == 100) {
            return parse(new java.io.ByteArrayInputStream(
                    text.substring(headEnd + 4).getBytes(StandardCharsets.UTF_8)));
        }
        return new Reply(status, headEnd < 0 ? "" : text.substring(headEnd + 4));
    }

    /** No 5xx, and nothing that looks like a stack trace or an exception class in the body. */
    public static void assertSafe(Reply reply) {
        assertThat(reply.status()).as("status of %s", reply.body()).isBetween(200, 499);
        assertThat(reply.body()).doesNotContain("at dev.", "\tat ", "Exception", "at io.", "at java.");
    }

    /** A session key no other test uses. */
    public static String freshKey() {
        return "agent:main:whatsapp:dm:+1" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RPC call's whole reply (result or error), checked to be HTTP 200 without a stack trace. */
    public static JsonNode reply(String method, String params) {
        Reply reply = rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).doesNotContain("\tat ", "at dev.", "at java.");
        return reply.json();
    }

    public static String message(String role, String text) {
        return "{\"type\":\"message\",\"message\":{\"role\":\"" + role + "\",\"content\":\"" + text + "\"}}";
    }
}
