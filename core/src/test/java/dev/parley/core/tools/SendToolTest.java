package dev.parley.core.tools;

import static dev.parley.core.tools.ToolsFixture.WAIT;
import static dev.parley.core.tools.ToolsFixture.assistant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import dev.parley.core.session.StoreInvariants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sessions_send} and the operator's send: reply policies with the test acting as the runtime, hops. */
class SendToolTest {
    static final String A = "agent:alpha:main";
    static final String A2 = "agent:alpha:whatsapp:dm:+15555550123";
    static final String B = "agent:beta:main";

    @TempDir
    Path dir;
    ToolsFixture f;
    final List<Runnable> runtimes = new CopyOnWriteArrayList<>();

    ToolsFixture open(Map<String, String> props) {
        f = new ToolsFixture(dir, props);
        f.create(A);
        f.create(A2);
        f.create(B);
        return f;
    }

    ToolsFixture openAgentWide() {
        return open(Map.of("parley.tools.sessions.visibility", "agent"));
    }

    @AfterEach
    void close() {
        runtimes.forEach(Runnable::run);
        if (f != null) {
            f.close();
            StoreInvariants.check(dir); // every line parses, seq dense, metadata agrees with the transcripts
        }
    }

    /** A runtime for {@code key}: answers every injected (or operator) user message with an assistant message. */
    void runtime(String key, Function<ObjectNode, String> answer) {
        runtimes.add(f.service.onAppend((k, first, entries) -> {
            for (ObjectNode e : entries) {
                boolean fromOutside = e.has("provenance") || e.has("sender");
                if (k.equals(key) && fromOutside && e.at("/message/role").asText().equals("user")) {
                    f.service.append(key, List.of(assistant(answer.apply(e))), null).subscribe().with(r -> { });
                }
            }
        }));
    }

    List<ObjectNode> history(String key) {
        return f.service.history(key, 100, null, false).await().atMost(WAIT).entries();
    }

    @Test
    void skipAnswersAtOnceAndInjectsAMessageWithProvenance() {
        openAgentWide();
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"hi\","
                + "\"replyPolicy\":\"skip\"}");
        assertThat(r.get("status").asText()).isEqualTo("ok");
        assertThat(r.get("sent").asBoolean()).isTrue();
        ObjectNode injected = history(A2).get(history(A2).size() - 1);
        assertThat(injected.get("seq").asLong()).isEqualTo(r.get("seq").asLong());
        assertThat(injected.at("/message/content").asText()).isEqualTo("hi");
        assertThat(injected.get("provenance")).isEqualTo(Json.object().put("kind", "inter_session")
                .put("sourceSessionKey", A).put("hops", 1));
    }

    @Test
    void replyWaitsForTheTargetsNextAssistantMessage() {
        openAgentWide();
        runtime(A2, e -> "pong to " + e.at("/message/content").asText());
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"ping\","
                + "\"replyPolicy\":\"reply\"}");
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.get("reply").asText()).isEqualTo("pong to ping");
        assertThat(r.get("replySeq").asLong()).isGreaterThan(r.get("seq").asLong());
        assertThat(history(A)).as("nothing announced").hasSize(1);
    }

    @Test
    void replyWithoutAnAnswerTimesOut() {
        openAgentWide();
        long start = System.nanoTime();
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"anyone?\","
                + "\"replyPolicy\":\"reply\",\"timeoutSeconds\":1}");
        assertThat(r.get("status").asText()).isEqualTo("timeout");
        assertThat(r.get("sent").asBoolean()).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(900);
    }

    @Test
    void announcePostsTheFirstFiveHundredCharactersIntoTheCallersSession() {
        openAgentWide();
        String longReply = "r".repeat(600);
        runtime(A2, e -> longReply);
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"go\","
                + "\"replyPolicy\":\"announce\"}");
        assertThat(r.get("status").asText()).as(r.toString()).isEqualTo("ok");
        assertThat(r.get("reply").asText()).isEqualTo(longReply);
        assertThat(r.get("announced").asText()).isEqualTo(A);
        ObjectNode posted = history(A).get(history(A).size() - 1);
        assertThat(posted.at("/message/role").asText()).isEqualTo("system");
        assertThat(posted.at("/message/content").asText()).isEqualTo("r".repeat(500));
    }

    @Test
    void announceChannelMustBeASessionOfTheCallersAgent() {
        openAgentWide();
        String channel = "agent:alpha:telegram:dm:42";
        runtime(A2, e -> "done");
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"go\","
                + "\"replyPolicy\":\"announce\",\"announceChannel\":\"" + channel + "\"}");
        assertThat(r.get("announced").asText()).isEqualTo(channel);
        assertThat(history(channel).get(0).at("/message/content").asText()).isEqualTo("done");

        long before = f.lastSeq(A2);
        ParleyException e = f.invokeError("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"go\","
                + "\"replyPolicy\":\"announce\",\"announceChannel\":\"" + B + "\"}");
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
        assertThat(e.data().get("field")).isEqualTo("params.announceChannel");
        assertThat(f.lastSeq(A2)).as("nothing written").isEqualTo(before);
    }

    @Test
    void theDefaultReplyPolicyIsTheCallersSendPolicy() {
        openAgentWide();
        f.service.patch(A, Json.object().put("sendPolicy", "skip")).await().atMost(WAIT);
        ObjectNode skipped = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"x\"}");
        assertThat(skipped.has("reply")).isFalse();

        runtime(A2, e -> "answer");
        f.service.patch(A, Json.object().put("sendPolicy", "reply")).await().atMost(WAIT);
        ObjectNode replied = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A2 + "\",\"message\":\"y\"}");
        assertThat(replied.get("reply").asText()).isEqualTo("answer");
        assertThat(replied.has("announced")).isFalse();
    }

    @Test
    void twoAgentsAnsweringEachOtherStopAtTheHopCap() throws Exception {
        open(Map.of("parley.tools.sessions.visibility", "all", "parley.tools.agent-to-agent.enabled", "true",
                "parley.tools.agent-to-agent.allow", "alpha,beta"));
        List<ObjectNode> results = new CopyOnWriteArrayList<>();
        CompletableFuture<ObjectNode> stopped = new CompletableFuture<>();
        for (String[] pair : new String[][] {{A, B}, {B, A}}) {
            runtimes.add(f.service.onAppend((k, first, entries) -> {
                if (k.equals(pair[0]) && entries.stream().anyMatch(e -> e.has("provenance"))) {
                    f.tools.invoke("sessions_send", pair[0], ToolsFixture.params("{\"sessionKey\":\"" + pair[1]
                            + "\",\"message\":\"ping\",\"replyPolicy\":\"skip\"}")).subscribe().with(r -> {
                                results.add(r);
                                if (!r.get("status").asText().equals("ok")) {
                                    stopped.complete(r);
                                }
                            }, stopped::completeExceptionally);
                }
            }));
        }
        ObjectNode first = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + B + "\",\"message\":\"start\","
                + "\"replyPolicy\":\"skip\"}");
        assertThat(first.get("status").asText()).isEqualTo("ok");

        ObjectNode last = stopped.get(20, TimeUnit.SECONDS);
        assertThat(last.get("status").asText()).isEqualTo("forbidden");
        assertThat(last.get("error").asText()).contains("hop", "max-hops=5");
        assertThat(results).hasSize(5); // hops 2..5 sent, the 6th refused
        List<Integer> hopsAtB = history(B).stream().filter(e -> e.has("provenance"))
                .map(e -> e.at("/provenance/hops").asInt()).toList();
        List<Integer> hopsAtA = history(A).stream().filter(e -> e.has("provenance"))
                .map(e -> e.at("/provenance/hops").asInt()).toList();
        assertThat(hopsAtB).containsExactly(1, 3, 5);
        assertThat(hopsAtA).containsExactly(2, 4);
    }

    @Test
    void aMissingTargetAndAnInvisibleOneGetTheSameAnswerAndNothingIsWritten() {
        open(Map.of()); // tree: A2 is not A's descendant
        String missing = "agent:alpha:whatsapp:dm:+19999999999";
        for (String tool : List.of("sessions_send", "sessions_history", "session_status")) {
            String params = "{\"sessionKey\":\"%s\"" + (tool.equals("sessions_send") ? ",\"message\":\"m\"}" : "}");
            ObjectNode toMissing = f.invoke(tool, A, params.formatted(missing));
            ObjectNode toInvisible = f.invoke(tool, A, params.formatted(A2));
            assertThat(toMissing).isEqualTo(toInvisible)
                    .isEqualTo(Json.object().put("status", "forbidden").put("error", "not visible"));
        }
        assertThat(f.service.get(missing).onFailure().recoverWithNull().await().atMost(WAIT)).isNull();
        assertThat(history(A2)).hasSize(1);
    }

    @Test
    void aSessionCannotSendToItself() {
        openAgentWide();
        ObjectNode r = f.invoke("sessions_send", A, "{\"sessionKey\":\"" + A + "\",\"message\":\"me\"}");
        assertThat(r.get("status").asText()).isEqualTo("error");
        assertThat(history(A)).hasSize(1);
    }

    @Test
    void theOperatorSendsWithoutVisibilityRulesAsTheOperator() {
        open(Map.of("parley.tools.sessions.visibility", "self"));
        ObjectNode skip = f.tools.operatorSend(B, "from ops", null, null).await().atMost(WAIT);
        assertThat(skip.get("status").asText()).isEqualTo("ok");
        assertThat(skip.has("reply")).isFalse();
        ObjectNode sent = history(B).get(history(B).size() - 1);
        assertThat(sent.at("/sender/id").asText()).isEqualTo("operator");
        assertThat(sent.has("provenance")).isFalse();

        runtime(B, e -> "ack");
        ObjectNode reply = f.tools.operatorSend(B, "again", "reply", 5).await().atMost(WAIT);
        assertThat(reply.get("reply").asText()).isEqualTo("ack");
    }

    @Test
    void theOperatorSendRefusesAMissingTargetAndBadParams() {
        openAgentWide();
        String missing = "agent:alpha:whatsapp:dm:+19999999999";
        assertThat(error(() -> f.tools.operatorSend(missing, "x", null, null)).code())
                .isEqualTo(ErrorCode.SESSION_NOT_FOUND);
        assertThat(error(() -> f.tools.operatorSend(B, "x", "announce", null)).data().get("field"))
                .isEqualTo("replyPolicy");
        assertThat(error(() -> f.tools.operatorSend(B, " ", null, null)).data().get("field")).isEqualTo("message");
        assertThat(error(() -> f.tools.operatorSend(B, "x", null, 0)).data().get("field")).isEqualTo("timeoutSeconds");
        assertThat(error(() -> f.tools.operatorSend("agent::x", "x", null, null)).code())
                .as("as every other method taking a key").isEqualTo(ErrorCode.INVALID_SESSION_KEY);
        assertThat(history(B)).hasSize(1);
    }

    static ParleyException error(java.util.function.Supplier<io.smallrye.mutiny.Uni<ObjectNode>> call) {
        try {
            call.get().await().atMost(WAIT);
        } catch (ParleyException e) {
            return e;
        }
        throw new AssertionError("expected an error");
    }
}
