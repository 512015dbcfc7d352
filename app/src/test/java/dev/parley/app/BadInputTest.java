package dev.parley.app;

import static dev.parley.app.support.Wire.assertSafe;
import static dev.parley.app.support.Wire.message;
import static dev.parley.app.support.Wire.raw;
import static dev.parley.app.support.Wire.rawJson;
import static dev.parley.app.support.Wire.rpc;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.app.support.FileTree;
import dev.parley.app.support.Wire;
import dev.parley.app.support.Wire.Reply;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed requests of every kind get their documented error type, code and HTTP status, never a 5xx or a
 * stack trace, and write nothing: after the suite, the state dir holds exactly what it held before, nothing
 * appeared beside it, and no file named after the canary {@value #CANARY} exists anywhere we can look.
 * Runs on a state dir of its own so no other test's writes can land in between.
 */
@QuarkusTest
@TestProfile(BadInputTest.OwnStateDir.class)
class BadInputTest {

    static final String CANARY = "pwned";
    /** A valid key that must never come into existence. */
    static final String KEY = "agent:main:whatsapp:dm:+1" + CANARY;
    static final String ENTRY = message("user", "hi");

    public static class OwnStateDir implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("parley.state-dir", "target/test-data/bad-input-" + UUID.randomUUID() + "/state");
        }
    }

    private static Path stateDir;
    private static Map<String, Long> stateBefore;
    private static Map<String, Long> besideBefore;
    private static FileTime passwdBefore;
    private static List<Path> canariesBefore;

    @BeforeAll
    static void snapshot() throws Exception {
        stateDir = Path.of(ConfigProvider.getConfig().getValue("parley.state-dir", String.class)).toAbsolutePath();
        stateBefore = FileTree.snapshot(stateDir, null);
        besideBefore = FileTree.snapshot(testDataRoot(), stateDir);
        canariesBefore = canaries();
        passwdBefore = Files.exists(Path.of("/etc/passwd")) ? Files.getLastModifiedTime(Path.of("/etc/passwd")) : null;
        assertThat(stateBefore).as("core has opened the state dir").isNotEmpty();
    }

    @AfterAll
    static void nothingWasWritten() throws Exception {
        assertThat(FileTree.snapshot(stateDir, null)).as("paths and sizes inside the state dir")
                .isEqualTo(stateBefore);
        assertThat(FileTree.snapshot(testDataRoot(), stateDir)).as("paths and sizes beside the state dir")
                .isEqualTo(besideBefore);
        assertThat(canaries()).as("files named after the canary, under the module and in tmp")
                .isEqualTo(canariesBefore);
        if (passwdBefore != null) {
            assertThat(Files.getLastModifiedTime(Path.of("/etc/passwd"))).isEqualTo(passwdBefore);
        }
    }

    /** Files named after the canary (earlier, failed runs may have left some: only new ones count). */
    private static List<Path> canaries() {
        List<Path> found = new ArrayList<>(FileTree.named(Path.of("").toAbsolutePath(), CANARY, 12));
        found.addAll(FileTree.named(Path.of(System.getProperty("java.io.tmpdir")), CANARY, 3));
        return found;
    }

    private static Path testDataRoot() {
        return stateDir.getParent().getParent();
    }

    // ---------------------------------------------------------------- the cases

    /** What a case expects: HTTP status, error type, JSON-RPC code, and optionally one data field's value. */
    record Expect(int status, String type, int code, String dataKey, Object dataValue) {
        static Expect rpc(String type, int code) {
            return new Expect(200, type, code, null, null);
        }

        static Expect rest(int status, String type, int code) {
            return new Expect(status, type, code, null, null);
        }

        Expect with(String key, Object value) {
            return new Expect(status, type, code, key, value);
        }
    }

    static Arguments sent(String name, Supplier<Reply> send, Expect expect) {
        return Arguments.of(name, send, expect);
    }

    static String call(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\""
                + (params == null ? "" : ",\"params\":" + params) + "}";
    }

    static Supplier<Reply> rpcText(String body) {
        return () -> rpc(body);
    }

    static final int PARSE = -32700;
    static final int REQUEST = -32600;
    static final int METHOD = -32601;
    static final int PARAMS = -32602;
    static final int KEY_CODE = -32001;
    static final int TOO_LARGE = -32005;

    static Stream<Arguments> envelopes() {
        byte[] badUtf8 = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.status\",\"params\":{\"x\":\"\u0000\"}}"
                .getBytes(StandardCharsets.UTF_8);
        List<Arguments> cases = new ArrayList<>();
        cases.add(sent("not JSON", rpcText("hello"), Expect.rpc("PARSE_ERROR", PARSE)));
        cases.add(sent("truncated JSON", rpcText("{\"jsonrpc\":\"2.0\",\"id\":1"), Expect.rpc("PARSE_ERROR", PARSE)));
        cases.add(sent("empty body", rpcText(""), Expect.rpc("PARSE_ERROR", PARSE)));
        cases.add(sent("trailing garbage", rpcText(call("system.status", "{}") + " x"), Expect.rpc("PARSE_ERROR", PARSE)));
        cases.add(sent("duplicate member", rpcText("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"system.status\"}"),
                Expect.rpc("PARSE_ERROR", PARSE)));
        for (byte[] bad : List.of(new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xC0, (byte) 0xAF},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[] {(byte) 0xE2, (byte) 0x82})) {
            byte[] body = badUtf8.clone();
            int at = new String(body, StandardCharsets.UTF_8).indexOf('\u0000');
            byte[] withBad = new byte[body.length - 1 + bad.length];
            System.arraycopy(body, 0, withBad, 0, at);
            System.arraycopy(bad, 0, withBad, at, bad.length);
            System.arraycopy(body, at + 1, withBad, at + bad.length, body.length - at - 1);
            cases.add(sent("invalid UTF-8 " + java.util.HexFormat.of().formatHex(bad), () -> rpc(withBad),
                    Expect.rpc("PARSE_ERROR", PARSE)));
        }
        cases.add(sent("a number", rpcText("42"), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("a string", rpcText("\"x\""), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("empty batch", rpcText("[]"), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("batch of 101", rpcText("[" + String.join(",", java.util.Collections.nCopies(101,
                call("system.status", "{}"))) + "]"), Expect.rpc("INVALID_REQUEST", REQUEST).with("limit", 100)));
        cases.add(sent("jsonrpc 1.0", rpcText("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"system.status\"}"),
                Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("jsonrpc as number", rpcText("{\"jsonrpc\":2.0,\"id\":1,\"method\":\"system.status\"}"),
                Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("no jsonrpc", rpcText("{\"id\":1,\"method\":\"system.status\"}"), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("no method", rpcText("{\"jsonrpc\":\"2.0\",\"id\":1}"), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("method a number", rpcText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"),
                Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("params an array", rpcText(call("sessions.get", "[\"" + KEY + "\"]")),
                Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("params a string", rpcText(call("sessions.get", "\"x\"")), Expect.rpc("INVALID_REQUEST", REQUEST)));
        cases.add(sent("params null", rpcText(call("sessions.get", "null")), Expect.rpc("INVALID_REQUEST", REQUEST)));
        for (String id : List.of("{}", "[1]", "true", "1.5")) {
            cases.add(sent("id " + id, rpcText("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"system.status\"}"),
                    Expect.rpc("INVALID_REQUEST", REQUEST)));
        }
        cases.add(sent("unknown envelope member", rpcText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"system.status\",\"x\":1}"),
                Expect.rpc("INVALID_REQUEST", REQUEST)));
        for (String method : List.of("sessions.nuke", "", "SESSIONS.GET", "rpc.discover", "../sessions.get")) {
            cases.add(sent("unknown method '" + method + "'", rpcText(call(method, "{}")), Expect.rpc("METHOD_NOT_FOUND", METHOD)));
        }
        return cases.stream();
    }

    /** Every method's params: name → JSON type, with a valid base to vary one param at a time. */
    record MethodParams(String method, String base, Map<String, String> types, List<String> required) {}

    static List<MethodParams> methods() {
        String key = "\"sessionKey\":\"" + KEY + "\"";
        return List.of(
                new MethodParams("sessions.resolve", "{\"channel\":\"telegram\",\"peer\":{\"kind\":\"dm\",\"id\":\"1\"}}",
                        ordered("channel", "string", "accountId", "string", "peer", "object", "threadId", "string"),
                        List.of("channel", "peer")),
                new MethodParams("sessions.append", "{" + key + ",\"entries\":[" + ENTRY + "]}",
                        ordered("sessionKey", "string", "entries", "array", "token", "long"),
                        List.of("sessionKey", "entries")),
                new MethodParams("sessions.history", "{" + key + "}",
                        ordered("sessionKey", "string", "last", "int", "beforeSeq", "long", "includeArchived", "boolean"),
                        List.of("sessionKey")),
                new MethodParams("sessions.list", "{}",
                        ordered("agentId", "string", "channel", "string", "scope", "string", "status", "string",
                                "activeMinutes", "int", "activeOnly", "boolean", "limit", "int", "lastN", "int",
                                "cursor", "string"),
                        List.of()),
                new MethodParams("sessions.get", "{" + key + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.delete", "{" + key + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.repair", "{" + key + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("system.status", "{}", ordered("verbose", "boolean"), List.of()),
                new MethodParams("sessions.context", "{" + key + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.status", "{" + key + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.compact", "{" + key + "}",
                        ordered("sessionKey", "string", "instructions", "string", "strategy", "string"),
                        List.of("sessionKey")),
                new MethodParams("compaction.strategies", "{}", ordered(), List.of()));
    }

    static final Map<String, List<String>> WRONG = Map.of(
            "string", List.of("42", "true", "[\"x\"]", "{}"),
            "int", List.of("\"5\"", "1.5", "true", "99999999999", "[]"),
            "long", List.of("\"5\"", "0.5", "false", "99999999999999999999", "{}"),
            "boolean", List.of("\"true\"", "1", "null2"),
            "object", List.of("\"x\"", "[]", "3"),
            "array", List.of("{}", "\"x\"", "1"));

    static Stream<Arguments> params() {
        List<Arguments> cases = typeCases(methods());
        cases.addAll(paramCases());
        return cases.stream();
    }

    /** For each method: every param with each wrong JSON type, each required one absent or null, an unknown one. */
    static List<Arguments> typeCases(List<MethodParams> methods) {
        List<Arguments> cases = new ArrayList<>();
        for (MethodParams m : methods) {
            for (Map.Entry<String, String> p : m.types().entrySet()) {
                for (String wrong : WRONG.get(p.getValue())) {
                    if (wrong.equals("null2")) {
                        wrong = "\"null\"";
                    }
                    String params = withParam(m.base(), p.getKey(), wrong);
                    cases.add(sent(m.method() + " " + p.getKey() + "=" + wrong, rpcText(call(m.method(), params)),
                            Expect.rpc("INVALID_PARAMS", PARAMS).with("field", p.getKey())));
                }
            }
            for (String required : m.required()) {
                String params = withoutParam(m.base(), required);
                cases.add(sent(m.method() + " without " + required, rpcText(call(m.method(), params)),
                        Expect.rpc("INVALID_PARAMS", PARAMS).with("field", required)));
                cases.add(sent(m.method() + " with " + required + " null",
                        rpcText(call(m.method(), withParam(m.base(), required, "null"))),
                        Expect.rpc("INVALID_PARAMS", PARAMS).with("field", required)));
            }
            if (!m.required().isEmpty()) {
                cases.add(sent(m.method() + " without params", rpcText(call(m.method(), null)),
                        Expect.rpc("INVALID_PARAMS", PARAMS).with("field", m.required().get(0))));
            }
            cases.add(sent(m.method() + " with an unknown param", rpcText(call(m.method(), withParam(m.base(), "bogus", "1"))),
                    Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "bogus")));
        }
        return cases;
    }

    private static List<Arguments> paramCases() {
        List<Arguments> cases = new ArrayList<>();
        String resolve = "{\"channel\":\"telegram\",\"peer\":%s}";
        cases.add(sent("peer.kind a number", rpcText(call("sessions.resolve", resolve.formatted("{\"kind\":1,\"id\":\"1\"}"))),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "peer.kind")));
        cases.add(sent("peer without id", rpcText(call("sessions.resolve", resolve.formatted("{\"kind\":\"dm\"}"))),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "peer.id")));
        cases.add(sent("peer with an unknown member", rpcText(call("sessions.resolve",
                resolve.formatted("{\"kind\":\"dm\",\"id\":\"1\",\"x\":1}"))),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "peer.x")));
        String append = "{\"sessionKey\":\"" + KEY + "\",\"entries\":%s%s}";
        cases.add(sent("no entries", rpcText(call("sessions.append", append.formatted("[]", ""))),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "entries")));
        cases.add(sent("an entry that is not an object", rpcText(call("sessions.append",
                append.formatted("[" + ENTRY + ",\"x\"]", ""))), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "entries[1]")));
        cases.add(sent("a negative token", rpcText(call("sessions.append", append.formatted("[" + ENTRY + "]", ",\"token\":-1"))),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "token")));
        cases.add(sent("an unknown entry role (core)", rpcText(call("sessions.append", append.formatted(
                "[" + message("wizard", "x") + "]", ""))), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "entries[0].message.role")));
        cases.add(sent("a client-sent seq (core)", rpcText(call("sessions.append", append.formatted(
                "[{\"seq\":5,\"type\":\"message\",\"message\":{\"role\":\"user\",\"content\":\"x\"}}]", ""))),
                Expect.rpc("INVALID_PARAMS", PARAMS)));
        for (String limit : List.of("0", "1001", "-5")) {
            cases.add(sent("list limit " + limit, rpcText(call("sessions.list", "{\"limit\":" + limit + "}")),
                    Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "limit")));
            cases.add(sent("list lastN " + limit, rpcText(call("sessions.list", "{\"lastN\":" + limit + "}")),
                    Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "lastN")));
        }
        cases.add(sent("list limit and lastN", rpcText(call("sessions.list", "{\"limit\":5,\"lastN\":5}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "lastN")));
        cases.add(sent("list activeOnly and activeMinutes", rpcText(call("sessions.list",
                "{\"activeOnly\":true,\"activeMinutes\":5}")), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "activeOnly")));
        cases.add(sent("list activeMinutes 0", rpcText(call("sessions.list", "{\"activeMinutes\":0}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "activeMinutes")));
        cases.add(sent("history last 0", rpcText(call("sessions.history", "{\"sessionKey\":\"" + KEY + "\",\"last\":0}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "last")));
        cases.add(sent("history beforeSeq -1", rpcText(call("sessions.history",
                "{\"sessionKey\":\"" + KEY + "\",\"beforeSeq\":-1}")), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "beforeSeq")));
        cases.add(sent("compact with an unknown strategy", rpcText(call("sessions.compact",
                "{\"sessionKey\":\"" + KEY + "\",\"strategy\":\"../" + CANARY + "\"}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "strategy")));
        cases.add(sent("compact with instructions over 4000 characters", rpcText(call("sessions.compact",
                "{\"sessionKey\":\"" + KEY + "\",\"instructions\":\"" + "i".repeat(4001) + "\"}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "instructions")));
        for (String method : List.of("sessions.context", "sessions.status", "sessions.compact")) {
            cases.add(sent(method + " of an absent session", rpcText(call(method, "{\"sessionKey\":\"" + KEY + "\"}")),
                    Expect.rpc("SESSION_NOT_FOUND", -32002)));
            cases.add(sent(method + " of an invalid key", rpcText(call(method, "{\"sessionKey\":\"../" + CANARY + "\"}")),
                    Expect.rpc("INVALID_SESSION_KEY", KEY_CODE).with("rule", "key.prefix")));
            cases.add(sent(method + " of a key with a raw slash", rpcText(call(method,
                    "{\"sessionKey\":\"agent:main:whatsapp:dm:../" + CANARY + "\"}")),
                    Expect.rpc("INVALID_SESSION_KEY", KEY_CODE).with("rule", "identifier.raw-char")));
        }
        cases.add(sent("compact of an absent session with a known strategy", rpcText(call("sessions.compact",
                "{\"sessionKey\":\"" + KEY + "\",\"strategy\":\"manual\",\"instructions\":\"x\"}")),
                Expect.rpc("SESSION_NOT_FOUND", -32002)));
        return cases;
    }

    /** Invalid keys, appended to (so a wrong acceptance would write), with the rule SPEC §2 names. */
    static Stream<Arguments> keys() {
        String p = "agent:main:whatsapp:dm:";
        Map<String, String> keys = ordered(
                CANARY, "key.prefix",
                "../../../" + CANARY, "key.prefix",
                "/etc/passwd", "key.prefix",
                "agent:main", "key.segments",
                p + "a:b:c:" + CANARY, "key.segments",
                p + "x".repeat(9000), "key.too-long",
                "agent::whatsapp:dm:" + CANARY, "part.empty",
                "agent:Ma!n:whatsapp:dm:" + CANARY, "agentId.charset",
                "agent:../../" + CANARY + ":main", "agentId.charset",
                "agent:main:what.sapp:dm:" + CANARY, "channel.charset",
                "agent:main:main:dm:" + CANARY, "channel.reserved",
                "agent:main:whatsapp:private:" + CANARY, "scope.unknown",
                p + "acc!:" + CANARY, "accountId.charset",
                p + "topic1:" + CANARY, "accountId.thread-shaped",
                p + CANARY.repeat(52), "identifier.length",
                p + "../../" + CANARY, "identifier.raw-char",
                p + "..\\..\\" + CANARY, "identifier.raw-char",
                p + "/etc/passwd", "identifier.raw-char",
                p + CANARY + " x", "identifier.raw-char",
                p + CANARY + "%G1", "identifier.bad-escape",
                p + CANARY + "%", "identifier.bad-escape",
                p + CANARY + "%00.jsonl", "identifier.nul",
                p + CANARY + "\u0000", "identifier.nul",
                p + "..", "identifier.dot",
                p + "%2e%2e", "identifier.dot",
                p + "acc:" + CANARY + ":chat42", "thread.charset",
                "agent:main:subagent:" + CANARY.toUpperCase(), "subagent.charset");
        return keys.entrySet().stream().map(e -> sent("key " + abbreviate(e.getKey()) + " → " + e.getValue(),
                rpcText(call("sessions.append", "{\"sessionKey\":" + quote(e.getKey()) + ",\"entries\":[" + ENTRY + "]}")),
                Expect.rpc("INVALID_SESSION_KEY", KEY_CODE).with("rule", e.getValue())));
    }

    static Stream<Arguments> traversalReads() {
        // Valid keys whose identifiers only look like paths: read-only calls find nothing and escape nothing.
        return Stream.of("agent:main:whatsapp:dm:..%2F..%2F" + CANARY, "agent:main:whatsapp:dm:%2Fetc%2Fpasswd",
                        "agent:main:whatsapp:dm:..%5C..%5C" + CANARY, "agent:main:whatsapp:dm:%2e%2e%2F" + CANARY)
                .map(k -> sent("history of " + k, rpcText(call("sessions.history", "{\"sessionKey\":" + quote(k) + "}")),
                        Expect.rpc("SESSION_NOT_FOUND", -32002)));
    }

    static Stream<Arguments> rest() {
        String body = "{\"entries\":[" + ENTRY + "]}";
        String p = "/sessions/agent:main:whatsapp:dm:";
        List<Arguments> cases = new ArrayList<>();
        Expect badKey = Expect.rest(400, "INVALID_SESSION_KEY", KEY_CODE);
        cases.add(sent("POST " + p + "..%2F..%2F" + CANARY + "/messages",
                () -> rawJson("POST", p + "..%2F..%2F" + CANARY + "/messages", body), badKey.with("rule", "identifier.raw-char")));
        cases.add(sent("POST " + p + "..%5C..%5C" + CANARY + "/messages",
                () -> rawJson("POST", p + "..%5C..%5C" + CANARY + "/messages", body), badKey.with("rule", "identifier.raw-char")));
        cases.add(sent("POST " + p + CANARY + "%00/messages",
                () -> rawJson("POST", p + CANARY + "%00/messages", body), badKey.with("rule", "identifier.nul")));
        cases.add(sent("POST " + p + "%2e%2e/messages",
                () -> rawJson("POST", p + "%2e%2e/messages", body), badKey.with("rule", "identifier.dot")));
        cases.add(sent("POST " + p + CANARY + "%FF/messages (not UTF-8)",
                () -> rawJson("POST", p + CANARY + "%FF/messages", body), badKey.with("rule", "identifier.bad-escape")));
        cases.add(sent("POST /sessions/..%2F..%2F" + CANARY + "/messages",
                () -> rawJson("POST", "/sessions/..%2F..%2F" + CANARY + "/messages", body), badKey.with("rule", "key.prefix")));
        cases.add(sent("GET /sessions/%2Fetc%2Fpasswd", () -> raw("GET", "/sessions/%2Fetc%2Fpasswd"),
                badKey.with("rule", "key.prefix")));
        cases.add(sent("GET /sessions/%2e%2e%2f%2e%2e%2fetc%2fpasswd/history",
                () -> raw("GET", "/sessions/%2e%2e%2f%2e%2e%2fetc%2fpasswd/history"), badKey.with("rule", "key.prefix")));
        cases.add(sent("GET /sessions/%00", () -> raw("GET", "/sessions/%00"), badKey));
        cases.add(sent("GET " + p + "..%252F..%252F" + CANARY + "/history (valid key, absent)",
                () -> raw("GET", p + "..%252F..%252F" + CANARY + "/history"), Expect.rest(404, "SESSION_NOT_FOUND", -32002)));
        Expect noRoute = Expect.rest(404, "METHOD_NOT_FOUND", METHOD);
        cases.add(sent("GET /sessions/../../etc/passwd", () -> raw("GET", "/sessions/../../etc/passwd"), noRoute));
        cases.add(sent("POST /sessions/%2e%2e/%2e%2e/" + CANARY + "/messages",
                () -> rawJson("POST", "/sessions/%2e%2e/%2e%2e/" + CANARY + "/messages", body), noRoute));
        cases.add(sent("GET /nowhere", () -> raw("GET", "/nowhere"), noRoute));
        cases.add(sent("GET /sessions/a/b/c/d", () -> raw("GET", "/sessions/a/b/c/d"), noRoute));
        Expect wrongVerb = Expect.rest(405, "METHOD_NOT_FOUND", METHOD);
        cases.add(sent("GET /rpc", () -> raw("GET", "/rpc"), wrongVerb));
        cases.add(sent("PUT /sessions", () -> rawJson("PUT", "/sessions", "{}"), wrongVerb));
        cases.add(sent("POST /sessions/{key}", () -> rawJson("POST", "/sessions/" + KEY, body), wrongVerb));
        Expect parse = Expect.rest(400, "PARSE_ERROR", PARSE);
        cases.add(sent("POST messages: not JSON", () -> rawJson("POST", "/sessions/" + KEY + "/messages", "{entries"), parse));
        cases.add(sent("POST messages: not UTF-8", () -> Wire.raw("POST", "/sessions/" + KEY + "/messages",
                "application/json", new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}, false), parse));
        cases.add(sent("POST messages: multipart", () -> Wire.raw("POST", "/sessions/" + KEY + "/messages",
                "multipart/form-data; boundary=b", "--b--\r\n".getBytes(StandardCharsets.UTF_8), false), parse));
        cases.add(sent("POST messages: an array", () -> rawJson("POST", "/sessions/" + KEY + "/messages", "[]"),
                Expect.rest(400, "INVALID_REQUEST", REQUEST)));
        Expect params = Expect.rest(400, "INVALID_PARAMS", PARAMS);
        cases.add(sent("POST messages: sessionKey in the body", () -> rawJson("POST", "/sessions/" + KEY + "/messages",
                "{\"sessionKey\":\"" + KEY + "\",\"entries\":[" + ENTRY + "]}"), params.with("field", "sessionKey")));
        cases.add(sent("POST messages: entries a string", () -> rawJson("POST", "/sessions/" + KEY + "/messages",
                "{\"entries\":\"x\"}"), params.with("field", "entries")));
        cases.add(sent("POST messages: no body", () -> raw("POST", "/sessions/" + KEY + "/messages"),
                params.with("field", "entries")));
        cases.add(sent("POST messages: unknown member", () -> rawJson("POST", "/sessions/" + KEY + "/messages",
                "{\"entries\":[" + ENTRY + "],\"x\":1}"), params.with("field", "x")));
        cases.add(sent("POST resolve: channel a number", () -> rawJson("POST", "/sessions/resolve",
                "{\"channel\":5,\"peer\":{\"kind\":\"dm\",\"id\":\"1\"}}"), params.with("field", "channel")));
        cases.add(sent("GET /sessions?limit=abc", () -> raw("GET", "/sessions?limit=abc"), params.with("field", "limit")));
        cases.add(sent("GET /sessions?limit=0", () -> raw("GET", "/sessions?limit=0"), params.with("field", "limit")));
        cases.add(sent("GET /sessions?limit=1&limit=2", () -> raw("GET", "/sessions?limit=1&limit=2"),
                params.with("field", "limit")));
        cases.add(sent("GET /sessions?activeOnly=maybe", () -> raw("GET", "/sessions?activeOnly=maybe"),
                params.with("field", "activeOnly")));
        cases.add(sent("GET /sessions?bogus=1", () -> raw("GET", "/sessions?bogus=1"), params.with("field", "bogus")));
        cases.add(sent("GET history?last=x", () -> raw("GET", "/sessions/" + KEY + "/history?last=x"),
                params.with("field", "last")));
        cases.add(sent("GET history?beforeSeq=1.5", () -> raw("GET", "/sessions/" + KEY + "/history?beforeSeq=1.5"),
                params.with("field", "beforeSeq")));
        cases.add(sent("GET {key}?sessionKey=x", () -> raw("GET", "/sessions/" + KEY + "?sessionKey=x"),
                params.with("field", "sessionKey")));
        cases.add(sent("GET /system/status?verbose=2", () -> raw("GET", "/system/status?verbose=2"),
                params.with("field", "verbose")));
        cases.add(sent("GET absent session", () -> raw("GET", "/sessions/" + KEY), Expect.rest(404, "SESSION_NOT_FOUND", -32002)));
        cases.add(sent("DELETE absent session", () -> raw("DELETE", "/sessions/" + KEY),
                Expect.rest(404, "SESSION_NOT_FOUND", -32002)));
        cases.add(sent("POST repair of an absent session", () -> raw("POST", "/sessions/" + KEY + "/repair"),
                Expect.rest(404, "SESSION_NOT_FOUND", -32002)));
        Expect absent = Expect.rest(404, "SESSION_NOT_FOUND", -32002);
        cases.add(sent("GET context of an absent session", () -> raw("GET", "/sessions/" + KEY + "/context"), absent));
        cases.add(sent("GET status of an absent session", () -> raw("GET", "/sessions/" + KEY + "/status"), absent));
        cases.add(sent("POST compact of an absent session", () -> raw("POST", "/sessions/" + KEY + "/compact"), absent));
        cases.add(sent("POST compact of an absent session, empty object", () -> rawJson("POST",
                "/sessions/" + KEY + "/compact", "{}"), absent));
        cases.add(sent("GET context of %2e%2e", () -> raw("GET", p + "%2e%2e/context"), badKey.with("rule", "identifier.dot")));
        cases.add(sent("GET status of ..%2F..%2F", () -> raw("GET", p + "..%2F..%2F" + CANARY + "/status"),
                badKey.with("rule", "identifier.raw-char")));
        cases.add(sent("POST compact of ..%2F", () -> rawJson("POST", "/sessions/..%2F" + CANARY + "/compact", "{}"),
                badKey.with("rule", "key.prefix")));
        cases.add(sent("POST compact: strategy a number", () -> rawJson("POST", "/sessions/" + KEY + "/compact",
                "{\"strategy\":1}"), params.with("field", "strategy")));
        cases.add(sent("POST compact: unknown strategy", () -> rawJson("POST", "/sessions/" + KEY + "/compact",
                "{\"strategy\":\"nope\"}"), params.with("field", "strategy")));
        cases.add(sent("POST compact: unknown member", () -> rawJson("POST", "/sessions/" + KEY + "/compact",
                "{\"force\":true}"), params.with("field", "force")));
        cases.add(sent("POST compact: sessionKey in the body", () -> rawJson("POST", "/sessions/" + KEY + "/compact",
                "{\"sessionKey\":\"" + KEY + "\"}"), params.with("field", "sessionKey")));
        cases.add(sent("POST compact: not JSON", () -> rawJson("POST", "/sessions/" + KEY + "/compact", "{"), parse));
        cases.add(sent("POST compact: an array", () -> rawJson("POST", "/sessions/" + KEY + "/compact", "[]"),
                Expect.rest(400, "INVALID_REQUEST", REQUEST)));
        cases.add(sent("GET context?x=1", () -> raw("GET", "/sessions/" + KEY + "/context?x=1"), params.with("field", "x")));
        cases.add(sent("GET status?sessionKey=x", () -> raw("GET", "/sessions/" + KEY + "/status?sessionKey=x"),
                params.with("field", "sessionKey")));
        cases.add(sent("GET /compaction/strategies?verbose=true", () -> raw("GET", "/compaction/strategies?verbose=true"),
                params.with("field", "verbose")));
        cases.add(sent("POST /compaction/strategies", () -> rawJson("POST", "/compaction/strategies", "{}"), wrongVerb));
        cases.add(sent("GET compact", () -> raw("GET", "/sessions/" + KEY + "/compact"), wrongVerb));
        cases.add(sent("POST context", () -> rawJson("POST", "/sessions/" + KEY + "/context", "{}"), wrongVerb));
        return cases.stream();
    }

    static Stream<Arguments> sizes() {
        int maxBody = 1024 * 1024;
        byte[] tooBig = ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"sessions.append\",\"params\":{\"sessionKey\":\"" + KEY
                + "\",\"entries\":[" + message("user", "x".repeat(maxBody)) + "]}}").getBytes(StandardCharsets.UTF_8);
        byte[] restTooBig = ("{\"entries\":[" + message("user", "x".repeat(maxBody)) + "]}").getBytes(StandardCharsets.UTF_8);
        String bigEntry = message("user", "y".repeat(300 * 1024));
        Expect rpcBody = new Expect(413, "ENTRY_TOO_LARGE", TOO_LARGE, "limit", maxBody);
        Expect restBody = new Expect(413, "ENTRY_TOO_LARGE", TOO_LARGE, "limit", maxBody);
        return Stream.of(
                sent("RPC body over max-body", () -> Wire.raw("POST", "/rpc", "application/json", tooBig, false), rpcBody),
                sent("RPC chunked body over max-body", () -> Wire.raw("POST", "/rpc", "application/json", tooBig, true), rpcBody),
                sent("REST body over max-body", () -> Wire.raw("POST", "/sessions/" + KEY + "/messages",
                        "application/json", restTooBig, false), restBody),
                sent("REST chunked body over max-body", () -> Wire.raw("POST", "/sessions/" + KEY + "/messages",
                        "application/json", restTooBig, true), restBody),
                sent("RPC entry over max-message", rpcText(call("sessions.append",
                        "{\"sessionKey\":\"" + KEY + "\",\"entries\":[" + bigEntry + "]}")),
                        new Expect(200, "ENTRY_TOO_LARGE", TOO_LARGE, "limit", 256 * 1024)),
                sent("REST entry over max-message", () -> rawJson("POST", "/sessions/" + KEY + "/messages",
                        "{\"entries\":[" + ENTRY + "," + bigEntry + "]}"),
                        new Expect(413, "ENTRY_TOO_LARGE", TOO_LARGE, "limit", 256 * 1024)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"envelopes", "params", "keys", "traversalReads", "rest", "sizes",
            "dev.parley.app.LifecycleBadInput#cases", "dev.parley.app.AgentBadInput#cases"})
    void badInputGetsItsDocumentedErrorAndWritesNothing(String name, Supplier<Reply> send, Expect expect) {
        Reply reply = send.get();
        assertSafe(reply);
        assertThat(reply.status()).as("%s: %s", name, reply.body()).isEqualTo(expect.status());
        JsonNode error = reply.error();
        assertThat(error.at("/data/type").asText()).as("%s: %s", name, reply.body()).isEqualTo(expect.type());
        assertThat(error.get("code").asInt()).isEqualTo(expect.code());
        assertThat(error.get("message").asText()).isNotBlank();
        if (expect.dataKey() != null) {
            assertThat(error.at("/data/" + expect.dataKey()).asText()).as(reply.body())
                    .isEqualTo(String.valueOf(expect.dataValue()));
        }
        JsonNode json = reply.json();
        if (json.has("jsonrpc")) {
            assertThat(json.get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(json.has("id")).isTrue();
            if ("PARSE_ERROR".equals(expect.type()) || expect.status() == 413) {
                assertThat(json.get("id").isNull()).as("id of %s", reply.body()).isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unroutable")
    void unroutableRequestsAreRefusedWithoutA5xx(String target) {
        Reply reply = raw("GET", target);
        assertSafe(reply);
        assertThat(reply.status()).isEqualTo(400);
    }

    static Stream<String> unroutable() {
        return Stream.of("/sessions/agent:main:whatsapp:dm:" + CANARY + "%G1/history", "/sessions/" + CANARY + "%",
                "/sessions?limit=%G1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notifications")
    void badNotificationsAreNotAnswered(String body) {
        Reply reply = rpc(body);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
    }

    static Stream<String> notifications() {
        return Stream.of(
                "{\"jsonrpc\":\"2.0\",\"method\":\"sessions.append\",\"params\":{\"sessionKey\":\"" + CANARY
                        + "\",\"entries\":[" + ENTRY + "]}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"sessions.append\",\"params\":{\"sessionKey\":\"" + KEY + "\",\"entries\":5}}",
                "{\"jsonrpc\":\"2.0\",\"method\":\"no.such.method\"}",
                "[{\"jsonrpc\":\"2.0\",\"method\":\"system.status\"},{\"jsonrpc\":\"2.0\",\"method\":\"sessions.get\","
                        + "\"params\":{\"sessionKey\":\"" + KEY + "\"}}]");
    }

    // ---------------------------------------------------------------- helpers

    static Map<String, String> ordered(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    static String withParam(String base, String name, String json) {
        String inner = base.substring(1, base.length() - 1);
        String rest = withoutParamInner(inner, name);
        return "{" + (rest.isEmpty() ? "" : rest + ",") + quote(name) + ":" + json + "}";
    }

    static String withoutParam(String base, String name) {
        return "{" + withoutParamInner(base.substring(1, base.length() - 1), name) + "}";
    }

    /** Removes one top-level member from a flat object body (the bases above nest only in peer/entries). */
    private static String withoutParamInner(String inner, String name) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Wire.JSON.readTree("{" + inner + "}");
            node.remove(name);
            String text = Wire.JSON.writeValueAsString(node);
            return text.substring(1, text.length() - 1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String quote(String s) {
        try {
            return Wire.JSON.writeValueAsString(s);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static String abbreviate(String s) {
        String shown = s.replace("\u0000", "\\0");
        return shown.length() > 60 ? shown.substring(0, 40) + "…(" + shown.length() + ")" : shown;
    }
}
