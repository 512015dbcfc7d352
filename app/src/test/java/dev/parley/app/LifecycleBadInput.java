package dev.parley.app;

import static dev.parley.app.BadInputTest.CANARY;
import static dev.parley.app.BadInputTest.KEY;
import static dev.parley.app.BadInputTest.call;
import static dev.parley.app.BadInputTest.ordered;
import static dev.parley.app.BadInputTest.rpcText;
import static dev.parley.app.BadInputTest.sent;
import static dev.parley.app.support.Wire.raw;
import static dev.parley.app.support.Wire.rawJson;

import dev.parley.app.BadInputTest.Expect;
import dev.parley.app.BadInputTest.MethodParams;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The bad-input cases of the settings, lifecycle, inbound and pairing methods, run by {@link BadInputTest} (so
 * its "nothing was written" check covers them): wrong JSON types, missing and unknown params, invalid keys and
 * values, absent sessions, over RPC and REST.
 */
final class LifecycleBadInput {

    private static final int PARAMS = -32602;
    private static final int NOT_FOUND = -32002;
    private static final String K = "{\"sessionKey\":\"" + KEY + "\"";
    /** A message from an unknown peer on an open channel: accepted if it ever got through. */
    private static final String INBOUND = "{\"channel\":\"whatsapp\",\"peer\":{\"kind\":\"dm\",\"id\":\"+1" + CANARY
            + "\"},\"text\":\"hi\"}";

    private LifecycleBadInput() {}

    static Stream<Arguments> cases() {
        List<Arguments> cases = BadInputTest.typeCases(List.of(
                new MethodParams("sessions.patch", K + ",\"updates\":{}}",
                        ordered("sessionKey", "string", "updates", "object"), List.of("sessionKey", "updates")),
                new MethodParams("sessions.reset", K + "}", ordered("sessionKey", "string", "note", "string"),
                        List.of("sessionKey")),
                new MethodParams("sessions.explain", K + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.archive", K + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("sessions.restore", K + "}", ordered("sessionKey", "string"), List.of("sessionKey")),
                new MethodParams("messages.inbound", INBOUND,
                        ordered("channel", "string", "accountId", "string", "peer", "object", "senderId", "string",
                                "senderName", "string", "threadId", "string", "text", "string", "timestamp", "long",
                                "idempotencyKey", "string", "mentioned", "boolean", "kind", "string"),
                        List.of("channel", "peer", "text")),
                new MethodParams("pairing.list", "{}", ordered("channel", "string"), List.of()),
                new MethodParams("pairing.approve", "{\"channel\":\"whatsapp\",\"code\":\"ABCDEFGH\"}",
                        ordered("channel", "string", "code", "string"), List.of("channel", "code"))));
        cases.addAll(rpcCases());
        cases.addAll(inboundCases());
        cases.addAll(restCases());
        return cases.stream();
    }

    private static List<Arguments> rpcCases() {
        Expect absent = Expect.rpc("SESSION_NOT_FOUND", NOT_FOUND);
        Expect badKey = Expect.rpc("INVALID_SESSION_KEY", -32001).with("rule", "key.prefix");
        List<Arguments> cases = new java.util.ArrayList<>();
        for (String method : List.of("sessions.patch", "sessions.reset", "sessions.explain", "sessions.archive",
                "sessions.restore")) {
            String extra = method.equals("sessions.patch") ? ",\"updates\":{\"thinkingLevel\":\"high\"}" : "";
            cases.add(sent(method + " of an absent session", rpcText(call(method, K + extra + "}")), absent));
            cases.add(sent(method + " of an invalid key", rpcText(call(method,
                    "{\"sessionKey\":\"../" + CANARY + "\"" + extra + "}")), badKey));
        }
        cases.add(sent("patch of an absent session with an invalid value", rpcText(call("sessions.patch",
                K + ",\"updates\":{\"thinkingLevel\":\"ultra\"}}")), absent));
        cases.add(sent("reset with a note over 1000 characters", rpcText(call("sessions.reset",
                K + ",\"note\":\"" + "n".repeat(1001) + "\"}")), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "note")));
        cases.add(sent("pairing.list of an invalid channel", rpcText(call("pairing.list",
                "{\"channel\":\"../" + CANARY + "\"}")), Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "channel")));
        cases.add(sent("pairing.approve of an invalid channel", rpcText(call("pairing.approve",
                "{\"channel\":\"../" + CANARY + "\",\"code\":\"ABCDEFGH\"}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "channel")));
        cases.add(sent("pairing.approve of a malformed code", rpcText(call("pairing.approve",
                "{\"channel\":\"whatsapp\",\"code\":\"" + CANARY + "\"}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "code")));
        cases.add(sent("pairing.approve of an unknown code", rpcText(call("pairing.approve",
                "{\"channel\":\"whatsapp\",\"code\":\"ABCDEFGH\"}")),
                Expect.rpc("INVALID_PARAMS", PARAMS).with("field", "code")));
        return cases;
    }

    private static List<Arguments> inboundCases() {
        String peer = "{\"channel\":\"whatsapp\",\"text\":\"hi\",\"peer\":%s}";
        String valid = "{\"channel\":%s,\"peer\":{\"kind\":%s,\"id\":%s},\"text\":\"hi\"%s}";
        String id = "\"+1" + CANARY + "\"";
        Expect params = Expect.rpc("INVALID_PARAMS", PARAMS);
        return List.of(
                sent("inbound peer.kind a number", rpcText(call("messages.inbound",
                        peer.formatted("{\"kind\":1,\"id\":" + id + "}"))), params.with("field", "peer.kind")),
                sent("inbound peer without id", rpcText(call("messages.inbound", peer.formatted("{\"kind\":\"dm\"}"))),
                        params.with("field", "peer.id")),
                sent("inbound peer with an unknown member", rpcText(call("messages.inbound",
                        peer.formatted("{\"kind\":\"dm\",\"id\":" + id + ",\"x\":1}"))), params.with("field", "peer.x")),
                sent("inbound of an unknown kind (core)", rpcText(call("messages.inbound",
                        valid.formatted("\"whatsapp\"", "\"dm\"", id, ",\"kind\":\"" + CANARY + "\""))),
                        params.with("field", "kind")),
                sent("inbound of an unknown peer kind (core)", rpcText(call("messages.inbound",
                        valid.formatted("\"whatsapp\"", "\"private\"", id, ""))), params.with("field", "peer.kind")),
                sent("inbound on an invalid channel (core)", rpcText(call("messages.inbound",
                        valid.formatted("\"../" + CANARY + "\"", "\"dm\"", id, ""))), params.with("field", "channel")),
                sent("inbound from a blank peer id (core)", rpcText(call("messages.inbound",
                        valid.formatted("\"whatsapp\"", "\"dm\"", "\" \"", ""))), params.with("field", "peer.id")),
                sent("inbound text over max-message (core)", rpcText(call("messages.inbound",
                        valid.formatted("\"whatsapp\"", "\"dm\"", id, "").replace("\"hi\"",
                                "\"" + "t".repeat(300 * 1024) + "\""))),
                        new Expect(200, "ENTRY_TOO_LARGE", -32005, "limit", 256 * 1024)));
    }

    private static List<Arguments> restCases() {
        String s = "/sessions/" + KEY;
        Expect absent = Expect.rest(404, "SESSION_NOT_FOUND", NOT_FOUND);
        Expect params = Expect.rest(400, "INVALID_PARAMS", PARAMS);
        Expect wrongVerb = Expect.rest(405, "METHOD_NOT_FOUND", -32601);
        return List.of(
                sent("PATCH absent session", () -> rawJson("PATCH", s, "{\"updates\":{\"verboseLevel\":\"on\"}}"), absent),
                sent("PATCH without a body", () -> raw("PATCH", s), params.with("field", "updates")),
                sent("PATCH: updates a string", () -> rawJson("PATCH", s, "{\"updates\":\"x\"}"), params.with("field", "updates")),
                sent("PATCH: the updates object itself as the body", () -> rawJson("PATCH", s, "{\"verboseLevel\":\"on\"}"),
                        params.with("field", "verboseLevel")),
                sent("PATCH: sessionKey in the body", () -> rawJson("PATCH", s,
                        "{\"sessionKey\":\"" + KEY + "\",\"updates\":{}}"), params.with("field", "sessionKey")),
                sent("PATCH: not JSON", () -> rawJson("PATCH", s, "{updates"), Expect.rest(400, "PARSE_ERROR", -32700)),
                sent("PATCH of ..%2F", () -> rawJson("PATCH", "/sessions/..%2F" + CANARY, "{\"updates\":{}}"),
                        Expect.rest(400, "INVALID_SESSION_KEY", -32001).with("rule", "key.prefix")),
                sent("POST reset of an absent session", () -> raw("POST", s + "/reset"), absent),
                sent("POST reset: note a number", () -> rawJson("POST", s + "/reset", "{\"note\":5}"),
                        params.with("field", "note")),
                sent("GET explain of an absent session", () -> raw("GET", s + "/explain"), absent),
                sent("GET explain?x=1", () -> raw("GET", s + "/explain?x=1"), params.with("field", "x")),
                sent("POST archive of an absent session", () -> raw("POST", s + "/archive"), absent),
                sent("POST restore of an absent session", () -> raw("POST", s + "/restore"), absent),
                sent("POST archive: unknown member", () -> rawJson("POST", s + "/archive", "{\"force\":true}"),
                        params.with("field", "force")),
                sent("GET reset", () -> raw("GET", s + "/reset"), wrongVerb),
                sent("POST /messages/inbound: not JSON", () -> rawJson("POST", "/messages/inbound", "{"),
                        Expect.rest(400, "PARSE_ERROR", -32700)),
                sent("POST /messages/inbound: an array", () -> rawJson("POST", "/messages/inbound", "[]"),
                        Expect.rest(400, "INVALID_REQUEST", -32600)),
                sent("POST /messages/inbound: empty object", () -> rawJson("POST", "/messages/inbound", "{}"),
                        params.with("field", "channel")),
                sent("POST /messages/inbound: text a number", () -> rawJson("POST", "/messages/inbound",
                        INBOUND.replace("\"hi\"", "7")), params.with("field", "text")),
                sent("GET /messages/inbound", () -> raw("GET", "/messages/inbound"), wrongVerb));
    }
}
