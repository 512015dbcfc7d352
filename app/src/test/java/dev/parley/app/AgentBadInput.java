package dev.parley.app;

import static dev.parley.app.BadInputTest.CANARY;
import static dev.parley.app.BadInputTest.KEY;
import static dev.parley.app.BadInputTest.call;
import static dev.parley.app.BadInputTest.ordered;
import static dev.parley.app.BadInputTest.rpcText;
import static dev.parley.app.BadInputTest.sent;

import dev.parley.app.BadInputTest.Expect;
import dev.parley.app.BadInputTest.MethodParams;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The bad-input cases of the agent-facing methods — turns (SPEC §8.2), tools and sends (§9), export/import (§11) —
 * run by {@link BadInputTest} so its "nothing was written" check covers them.
 */
final class AgentBadInput {
    private static final int PARAMS = -32602;
    private static final String K = "{\"sessionKey\":\"" + KEY + "\"";
    private static final String TURN = "{\"turnId\":\"turn_x\",\"token\":1";

    private AgentBadInput() {}

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>(BadInputTest.typeCases(List.of(
                new MethodParams("turns.next", "{}", ordered("agentId", "string", "waitSeconds", "int"), List.of()),
                new MethodParams("turns.renew", TURN + "}", ordered("turnId", "string", "token", "long"),
                        List.of("turnId", "token")),
                new MethodParams("turns.complete", TURN + "}", ordered("turnId", "string", "token", "long",
                        "usage", "object", "systemPromptTokens", "long", "toolSchemaTokens", "long"),
                        List.of("turnId", "token")),
                new MethodParams("turns.fail", TURN + ",\"error\":\"e\"}", ordered("turnId", "string", "token",
                        "long", "error", "string", "retry", "boolean"), List.of("turnId", "token", "error")),
                new MethodParams("sessions.send", K + ",\"message\":\"hi\"}", ordered("sessionKey", "string",
                        "message", "string", "replyPolicy", "string", "timeoutSeconds", "int"),
                        List.of("sessionKey", "message")),
                new MethodParams("tools.invoke", "{\"tool\":\"session_status\",\"callerSessionKey\":\"" + KEY
                        + "\",\"params\":{}}", ordered("tool", "string", "callerSessionKey", "string",
                        "params", "object"), List.of("tool", "callerSessionKey")))));
        Expect params = Expect.rpc("INVALID_PARAMS", PARAMS);
        Expect conflict = Expect.rpc("CONFLICT", -32006);
        cases.add(sent("turns.next waitSeconds 61", rpcText(call("turns.next", "{\"waitSeconds\":61}")),
                params.with("field", "waitSeconds")));
        cases.add(sent("turns.next waitSeconds -1", rpcText(call("turns.next", "{\"waitSeconds\":-1}")),
                params.with("field", "waitSeconds")));
        cases.add(sent("turns.next of an invalid agent", rpcText(call("turns.next",
                "{\"agentId\":\"../" + CANARY + "\"}")), params.with("field", "agentId")));
        cases.add(sent("turns.complete with a negative token", rpcText(call("turns.complete",
                "{\"turnId\":\"t\",\"token\":-5}")), params.with("field", "token")));
        cases.add(sent("turns.complete with an unknown usage field", rpcText(call("turns.complete",
                TURN + ",\"usage\":{\"cost\":1}}")), params.with("field", "usage.cost")));
        cases.add(sent("turns.complete with negative usage", rpcText(call("turns.complete",
                TURN + ",\"usage\":{\"outputTokens\":-1}}")), params.with("field", "usage.outputTokens")));
        cases.add(sent("turns.fail with an error over 4000 characters", rpcText(call("turns.fail",
                TURN + ",\"error\":\"" + "e".repeat(4001) + "\"}")), params.with("field", "error")));
        cases.add(sent("turns.complete of an unknown turn", rpcText(call("turns.complete", TURN + "}")), conflict));
        cases.add(sent("turns.renew of an unknown turn", rpcText(call("turns.renew", TURN + "}")), conflict));
        cases.add(sent("sessions.send to an absent session", rpcText(call("sessions.send",
                K + ",\"message\":\"" + CANARY + "\"}")), Expect.rpc("SESSION_NOT_FOUND", -32002)));
        cases.add(sent("sessions.send to an invalid key", rpcText(call("sessions.send",
                "{\"sessionKey\":\"../" + CANARY + "\",\"message\":\"hi\"}")),
                Expect.rpc("INVALID_SESSION_KEY", -32001)));
        cases.add(sent("tools.invoke of an unknown tool", rpcText(call("tools.invoke",
                "{\"tool\":\"rm_rf\",\"callerSessionKey\":\"" + KEY + "\"}")), params.with("field", "tool")));
        return cases.stream();
    }
}
