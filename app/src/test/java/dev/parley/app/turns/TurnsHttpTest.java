package dev.parley.app.turns;

import static dev.parley.app.support.Wire.call;
import static dev.parley.app.support.Wire.quote;
import static dev.parley.app.support.Wire.reply;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Agent runtimes driving real turns over HTTP (SPEC §8.2): inbound → {@code turns.next} → append the reply with
 * the lease token → {@code turns.complete}; fencing against a second runtime and against a late append after
 * expiry; coalescing of messages that arrive during a turn.
 */
@QuarkusTest
@TestProfile(TurnsProfile.class)
class TurnsHttpTest {

    static JsonNode inbound(String agent, String peer, String text) {
        return call("messages.inbound", "{\"channel\":\"telegram\",\"accountId\":\"" + agent
                + "\",\"peer\":{\"kind\":\"dm\",\"id\":\"" + peer + "\"},\"text\":" + quote(text) + "}");
    }

    static JsonNode next(String agent, int wait) {
        return call("turns.next", "{\"agentId\":\"" + agent + "\",\"waitSeconds\":" + wait + "}");
    }

    static JsonNode append(String key, Long token, String text) {
        return reply("sessions.append", "{\"sessionKey\":" + quote(key) + (token == null ? "" : ",\"token\":" + token)
                + ",\"entries\":[{\"type\":\"message\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"text\",\"text\":" + quote(text) + "}]}}]}");
    }

    static JsonNode complete(JsonNode lease) {
        return call("turns.complete", "{\"turnId\":\"" + lease.get("turnId").asText() + "\",\"token\":"
                + lease.get("token").asLong() + ",\"usage\":{\"inputTokens\":120,\"outputTokens\":8}}");
    }

    static List<String> contents(String key) {
        JsonNode h = call("sessions.history", "{\"sessionKey\":" + quote(key) + "}");
        List<String> out = new ArrayList<>();
        for (JsonNode e : h.get("entries")) {
            JsonNode c = e.at("/message/content");
            out.add(c.isArray() ? c.get(0).get("text").asText() : c.asText());
        }
        return out;
    }

    static String peer() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /** One runtime step: answer the newest user message of the lease's context with "echo: …", complete. */
    static JsonNode serve(JsonNode lease) {
        JsonNode entries = lease.at("/context/entries");
        String last = null;
        for (int i = entries.size() - 1; i >= 0 && last == null; i--) {
            if (entries.get(i).at("/message/role").asText().equals("user")) {
                last = entries.get(i).at("/message/content").asText();
            }
        }
        JsonNode appended = append(lease.get("sessionKey").asText(), lease.get("token").asLong(), "echo: " + last);
        assertThat(appended.has("error")).as(appended.toString()).isFalse();
        return complete(lease);
    }

    @Test
    void aRuntimeLoopAnswersEveryInboundMessageThroughLeases() throws Exception {
        ExecutorService runtime = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<Integer> served = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                while (n < 5) {
                    JsonNode lease = next("rt1", 10);
                    if (lease == null || lease.isNull()) {
                        break;
                    }
                    assertThat(serve(lease).get("completed").asBoolean()).isTrue();
                    n++;
                }
                return n;
            }, runtime);
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                keys.add(inbound("rt1", peer(), "question " + i).get("sessionKey").asText());
            }
            assertThat(served.get(60, TimeUnit.SECONDS)).isEqualTo(5);
            for (int i = 0; i < 5; i++) {
                assertThat(contents(keys.get(i))).containsExactly("question " + i, "echo: question " + i);
            }
            assertThat(next("rt1", 0).isNull()).isTrue();
        } finally {
            runtime.shutdownNow();
        }
    }

    @Test
    void aSecondRuntimeNeverGetsALeaseOnALeasedSession() {
        String key = inbound("rt2", peer(), "first").get("sessionKey").asText();
        JsonNode a = next("rt2", 0);
        assertThat(a.get("sessionKey").asText()).isEqualTo(key);
        long seq = inbound("rt2", key.substring(key.lastIndexOf(':') + 1), "second").get("seq").asLong();
        assertThat(next("rt2", 1).isNull()).as("runtime B while A holds the lease").isTrue();

        JsonNode locked = append(key, null, "tokenless");
        assertThat(locked.at("/error/data/type").asText()).isEqualTo("SESSION_LOCKED");
        assertThat(locked.at("/error/data/holder/turnId").asText()).isEqualTo(a.get("turnId").asText());

        JsonNode done = serve(a);
        assertThat(done.get("nextTurnQueued").asBoolean()).isTrue();
        JsonNode b = next("rt2", 0);
        assertThat(b.get("sessionKey").asText()).isEqualTo(key);
        assertThat(b.get("messageSeqs")).extracting(JsonNode::asLong).containsExactly(seq);
        assertThat(b.get("token").asLong()).isGreaterThan(a.get("token").asLong());
        JsonNode stale = append(key, a.get("token").asLong(), "from A, too late");
        assertThat(stale.at("/error/data/type").asText()).isEqualTo("CONFLICT");
        serve(b);
        assertThat(contents(key)).containsExactly("first", "second", "echo: first", "echo: second");
    }

    @Test
    void anExpiredLeasesLateAppendIsRejectedAndTheTurnIsQueuedAgain() throws Exception {
        String key = inbound("rt3", peer(), "slow one").get("sessionKey").asText();
        JsonNode lease = next("rt3", 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode renew;
        do {
            Thread.sleep(250);
            renew = reply("turns.renew", "{\"turnId\":\"" + lease.get("turnId").asText() + "\",\"token\":"
                    + lease.get("token").asLong() + "}");
            if (renew.has("result")) {
                break; // renewing works while the lease runs: stop renewing and let it lapse
            }
        } while (System.nanoTime() < deadline);
        JsonNode late;
        do {
            Thread.sleep(250);
            late = next("rt3", 0);
        } while ((late == null || late.isNull()) && System.nanoTime() < deadline);
        assertThat(late.get("sessionKey").asText()).as("re-queued after expiry").isEqualTo(key);
        assertThat(late.get("messageSeqs")).isEqualTo(lease.get("messageSeqs"));
        JsonNode rejected = append(key, lease.get("token").asLong(), "I was slow");
        assertThat(rejected.at("/error/data/type").asText()).isEqualTo("CONFLICT");
        assertThat(contents(key)).containsExactly("slow one");
        serve(late);
        assertThat(contents(key)).containsExactly("slow one", "echo: slow one");
    }

    @Test
    void concurrentInboundMessagesDuringATurnCoalesceIntoOneTurn() throws Exception {
        String p = peer();
        String key = inbound("rt4", p, "start").get("sessionKey").asText();
        JsonNode first = next("rt4", 0);
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Long>> seqs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                seqs.add(CompletableFuture.supplyAsync(() -> inbound("rt4", p, "burst " + n).get("seq").asLong(),
                        senders));
            }
            List<Long> sent = new ArrayList<>();
            for (CompletableFuture<Long> f : seqs) {
                sent.add(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(serve(first).get("nextTurnQueued").asBoolean()).isTrue();
            JsonNode second = next("rt4", 0);
            assertThat(second.get("messageSeqs")).extracting(JsonNode::asLong)
                    .containsExactlyInAnyOrderElementsOf(sent);
            serve(second);
            assertThat(next("rt4", 0).isNull()).as("one turn for the whole burst").isTrue();
            assertThat(contents(key)).hasSize(1 + 12 + 2);
        } finally {
            senders.shutdownNow();
        }
    }

    @Test
    void badTurnParamsAreRejectedWithTheirFieldAndChangeNothing() {
        String key = inbound("rt5", peer(), "hello").get("sessionKey").asText();
        assertThat(reply("turns.next", "{\"waitSeconds\":61}").at("/error/data/field").asText())
                .isEqualTo("waitSeconds");
        assertThat(reply("turns.next", "{\"agentId\":\"Not An Agent!\"}").at("/error/data/field").asText())
                .isEqualTo("agentId");
        assertThat(reply("turns.next", "{\"agentId\":\"rt5\",\"limit\":1}").at("/error/data/type").asText())
                .isEqualTo("INVALID_PARAMS");
        assertThat(reply("turns.complete", "{\"turnId\":\"t\",\"token\":-1}").at("/error/data/field").asText())
                .isEqualTo("token");
        assertThat(reply("turns.complete", "{\"turnId\":\"t\",\"token\":1,\"usage\":{\"inputTokens\":-3}}")
                .at("/error/data/field").asText()).isEqualTo("usage.inputTokens");
        assertThat(reply("turns.fail", "{\"turnId\":\"t\",\"token\":1}").at("/error/data/field").asText())
                .isEqualTo("error");
        assertThat(reply("turns.renew", "{\"turnId\":\"nope\",\"token\":5}").at("/error/data/type").asText())
                .isEqualTo("CONFLICT");
        JsonNode lease = next("rt5", 0);
        assertThat(lease.get("sessionKey").asText()).as("the bad calls took nothing").isEqualTo(key);
        JsonNode failed = call("turns.fail", "{\"turnId\":\"" + lease.get("turnId").asText() + "\",\"token\":"
                + lease.get("token").asLong() + ",\"error\":\"model unavailable\",\"retry\":true}");
        assertThat(failed.get("requeued").asBoolean()).isTrue();
        assertThat(next("rt5", 0).get("messageSeqs")).isEqualTo(lease.get("messageSeqs"));
        assertThat(contents(key)).containsExactly("hello");
    }

    @Test
    void sessionsSendIsAnsweredByARuntimeUnderEachReplyPolicy() throws Exception {
        ExecutorService runtime = Executors.newSingleThreadExecutor();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        try {
            runtime.submit(() -> {
                while (!stop.get()) {
                    JsonNode lease = next("rt6", 2);
                    if (lease != null && !lease.isNull()) {
                        serve(lease);
                    }
                }
            });
            String caller = inbound("rt6", peer(), "I am the caller").get("sessionKey").asText();
            String target = inbound("rt6", peer(), "I am the target").get("sessionKey").asText();
            awaitAnswered(caller);
            awaitAnswered(target);

            JsonNode skip = send(caller, target, "ping skip", "skip");
            assertThat(skip.get("status").asText()).isEqualTo("ok");
            assertThat(skip.get("sent").asBoolean()).isTrue();
            assertThat(skip.has("reply")).isFalse();

            JsonNode reply = send(caller, target, "ping reply", "reply");
            assertThat(reply.get("status").asText()).as(reply.toString()).isEqualTo("ok");
            assertThat(reply.get("reply").asText()).isIn("echo: ping reply", "echo: ping skip");

            JsonNode announce = send(caller, target, "ping announce", "announce");
            assertThat(announce.get("status").asText()).as(announce.toString()).isEqualTo("ok");
            assertThat(announce.get("announced").asText()).isEqualTo(caller);
            JsonNode injected = call("sessions.history", "{\"sessionKey\":" + quote(target) + "}").get("entries");
            assertThat(injected.findValues("provenance")).isNotEmpty()
                    .allSatisfy(p -> assertThat(p.get("sourceSessionKey").asText()).isEqualTo(caller));
            assertThat(contents(caller)).anySatisfy(t -> assertThat(t).contains("echo: ping"));
        } finally {
            stop.set(true);
            runtime.shutdown();
            runtime.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    static JsonNode send(String caller, String target, String message, String policy) {
        return call("tools.invoke", "{\"tool\":\"sessions_send\",\"callerSessionKey\":" + quote(caller)
                + ",\"params\":{\"sessionKey\":" + quote(target) + ",\"message\":" + quote(message)
                + ",\"replyPolicy\":\"" + policy + "\",\"timeoutSeconds\":30}}");
    }

    static void awaitAnswered(String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (contents(key).size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(contents(key)).hasSizeGreaterThanOrEqualTo(2);
    }
}
