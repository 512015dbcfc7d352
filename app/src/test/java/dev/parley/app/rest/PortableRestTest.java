package dev.parley.app.rest;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.freshKey;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.raw;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.support.Wire;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** {@code GET /sessions/{key}/export} and {@code POST /sessions/import} over the real HTTP server. */
@QuarkusTest
@TestProfile(PortableRestTest.SmallImports.class)
class PortableRestTest {

    /** {@code max-import} at 256 KiB so the 413 is cheap to reach. */
    public static class SmallImports implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.limits.max-import", "256K");
        }
    }

    private static String session() {
        String key = freshKey();
        call("sessions.append", "{\"sessionKey\":\"" + key + "\",\"entries\":[" + message("user", "hello") + ","
                + message("assistant", "hi") + "]}");
        return key;
    }

    private static JsonNode history(String key) {
        return call("sessions.history", "{\"sessionKey\":\"" + key + "\"}").get("entries");
    }

    private static Response export(String key, String format) {
        return given().urlEncodingEnabled(false).get("/sessions/" + key + "/export?format=" + format);
    }

    @Test
    void theParleyExportIsStreamedAndEqualsTheRpcDocument() throws Exception {
        String key = session();
        Response r = export(key, "parley");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.header("Transfer-Encoding")).isEqualTo("chunked");
        JsonNode rest = Wire.JSON.readTree(r.asString());
        JsonNode rpc = call("sessions.export", "{\"sessionKey\":\"" + key + "\"}");
        assertThat(rest.at("/document/entries")).isEqualTo(rpc.at("/document/entries"));
        assertThat(rest.at("/document/sessionKey").asText()).isEqualTo(key);
        assertThat(export("agent:main:whatsapp:dm:nobody", "parley").statusCode()).isEqualTo(404);
        assertThat(export(key, "yaml").statusCode()).isEqualTo(400);
    }

    @Test
    void openClawFilesExportedOverRestImportBackAsJsonAndAsTar() throws Exception {
        String key = session();
        JsonNode history = history(key);
        Response r = export(key, "openclaw");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        ObjectNode files = (ObjectNode) Wire.JSON.readTree(r.asString()).get("files");

        call("sessions.delete", "{\"sessionKey\":\"" + key + "\"}");
        ObjectNode body = Wire.JSON.createObjectNode();
        body.set("files", files);
        Wire.Reply json = raw("POST", "/sessions/import", "application/json",
                body.toString().getBytes(StandardCharsets.UTF_8), false);
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.json().at("/imported/0").asText()).isEqualTo(key);
        assertThat(history(key)).isEqualTo(history);

        Wire.Reply conflict = raw("POST", "/sessions/import", "application/x-tar", tar(files, null), true);
        assertThat(conflict.status()).as(conflict.body()).isEqualTo(409);
        Wire.Reply tar = raw("POST", "/sessions/import?overwrite=true", "application/x-tar", tar(files, null), true);
        assertThat(tar.status()).as(tar.body()).isEqualTo(200);
        assertThat(history(key)).isEqualTo(history);
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void tarsThatReachOutsideTheTreeAreRefused() throws Exception {
        ObjectNode files = Wire.JSON.createObjectNode().put("../../etc/evil", "x");
        Wire.Reply escape = raw("POST", "/sessions/import", "application/x-tar", tar(files, null), false);
        assertThat(escape.status()).as(escape.body()).isEqualTo(400);
        assertThat(escape.error().at("/data/type").asText()).isEqualTo("INVALID_PARAMS");

        Wire.Reply link = raw("POST", "/sessions/import", "application/x-tar",
                tar(Wire.JSON.createObjectNode(), "agents/main/sessions/sessions.json"), false);
        assertThat(link.status()).as(link.body()).isEqualTo(400);
        assertThat(link.error().at("/message").asText()).contains("links");
    }

    @Test
    void importsOverMaxImportAre413AndLeaveNoSpoolFile() throws Exception {
        byte[] big = ("{\"document\":{\"pad\":\"" + "x".repeat(300 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
        Wire.Reply announced = raw("POST", "/sessions/import", "application/json", big, false);
        assertThat(announced.status()).isEqualTo(413);
        assertThat(announced.error().at("/data/type").asText()).isEqualTo("ENTRY_TOO_LARGE");
        Wire.Reply chunked = raw("POST", "/sessions/import", "application/json", big, true);
        assertThat(chunked.status()).isEqualTo(413);
        Wire.Reply bad = raw("POST", "/sessions/import", "application/json", "{nope".getBytes(), false);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(spoolFiles()).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "{\"document\":{\"format\":\"parley\"},\"extra\":[1,2]}",
        "{\"document\":[]}",
        "{\"document\":{},\"files\":{}}",
        "{\"overwrite\":\"yes\",\"document\":{}}",
        "{}",
        "{\"entries\":[{\"seq\":0}],\"sessionKey\":\"agent:main:x\",\"format\":\"parley\"}",
        "{\"document\":{\"entries\":[{\"seq\":0,\"type\":\"session\",\"sessionKey\":\"agent:main:other\"}],"
                + "\"sessionKey\":\"agent:main:x\",\"format\":\"parley\",\"version\":1}}"})
    void aStreamedImportAnswersExactlyAsTheRpcMethod(String params) throws Exception {
        Wire.Reply rest = raw("POST", "/sessions/import", "application/json", params.getBytes(StandardCharsets.UTF_8),
                false);
        Wire.Reply rpc = Wire.rpc("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sessions.import\",\"params\":" + params
                + "}");
        JsonNode rpcError = rpc.json().get("error");
        assertThat(rpcError).as(rpc.body()).isNotNull();
        assertThat(rest.status()).as(rest.body()).isEqualTo(400);
        assertThat(rest.error().get("message")).isEqualTo(rpcError.get("message"));
        assertThat(rest.error().get("data")).isEqualTo(rpcError.get("data"));
        assertThat(spoolFiles()).isZero();
    }

    @Test
    void aBodyThatIsNotAnObjectOrNotJsonKeepsItsRestError() throws Exception {
        Wire.Reply array = raw("POST", "/sessions/import", "application/json", "[1]".getBytes(), false);
        assertThat(array.error().at("/data/type").asText()).isEqualTo("INVALID_REQUEST");
        Wire.Reply duplicate = raw("POST", "/sessions/import", "application/json",
                "{\"document\":{\"version\":1,\"version\":1}}".getBytes(), false);
        assertThat(duplicate.error().at("/data/type").asText()).isEqualTo("PARSE_ERROR");
        assertThat(spoolFiles()).isZero();
    }

    private static long spoolFiles() throws Exception {
        Path tmp = Path.of(ConfigProvider.getConfig().getValue("parley.state-dir", String.class)).resolve("tmp");
        Thread.sleep(200); // the spool file is deleted when the response ends
        if (!Files.isDirectory(tmp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.count();
        }
    }

    /** A ustar archive of {@code files}, plus a symbolic link entry when {@code link} is not null. */
    static byte[] tar(ObjectNode files, String link) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            byte[] data = f.getValue().asText().getBytes(StandardCharsets.UTF_8);
            out.writeBytes(header("./" + f.getKey(), data.length, '0', ""));
            out.writeBytes(data);
            out.writeBytes(new byte[(512 - data.length % 512) % 512]);
        }
        if (link != null) {
            out.writeBytes(header(link, 0, '2', "/etc/passwd"));
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static byte[] header(String name, long size, char type, String linkName) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 157, linkName);
        put(h, 257, "ustar");
        put(h, 263, "00");
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
