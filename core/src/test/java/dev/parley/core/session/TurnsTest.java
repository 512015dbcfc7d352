package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Turns through the facade: inbound queues, leases fence appends, expiry, re-queue at start. Real files. */
class TurnsTest {
    static final String KEY = "agent:main:telegram:dm:42";
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    SessionService service;
    final AtomicLong now = new AtomicLong(Instant.parse("2026-03-10T10:00:00Z").toEpochMilli());

    @AfterEach
    void close() {
        if (service != null) {
            service.close();
        }
        StoreInvariants.check(dir);
    }

    void open(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("parley.session.reset.mode", "off"));
        props.putAll(extra);
        service = SessionService.open(SessionOptions.defaults(dir).withProperties(props)
                .withClock(() -> Instant.ofEpochMilli(now.get())));
    }

    ObjectNode inbound(String peer, String text, String kind) {
        return service.inbound(new InboundRequest("telegram", null, "dm", peer, peer, null, null, text, null, null,
                null, kind)).await().atMost(T);
    }

    ObjectNode next(int wait) {
        return service.turns().next(null, wait).await().atMost(Duration.ofSeconds(wait + 10));
    }

    static ObjectNode reply(String text) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "assistant").putArray("content").addObject().put("type", "text")
                .put("text", text);
        return e;
    }

    AppendResult append(String key, Long token, String text) {
        return service.append(key, List.of(reply(text)), token).await().atMost(T);
    }

    ParleyException appendFails(String key, Long token) {
        return catchThrowableOfType(ParleyException.class, () -> append(key, token, "late"));
    }

    @Test
    void anInboundMessageBecomesALeaseWhoseContextEndsWithIt() {
        open(Map.of());
        long seq = inbound("42", "what is the weather?", "message").get("seq").asLong();
        ObjectNode lease = next(0);
        assertThat(lease).isNotNull();
        assertThat(lease.get("sessionKey").asText()).isEqualTo(KEY);
        assertThat(lease.get("agentId").asText()).isEqualTo("main");
        assertThat(lease.get("turnId").asText()).startsWith("turn_");
        assertThat(lease.get("token").asLong()).isPositive();
        assertThat(lease.get("leaseExpiresAt").asLong()).isEqualTo(now.get() + Duration.ofMinutes(5).toMillis());
        assertThat(lease.get("messageSeqs")).hasSize(1);
        assertThat(lease.get("messageSeqs").get(0).asLong()).isEqualTo(seq);
        assertThat(lease.at("/settings/thinkingLevel").asText()).isEqualTo("off");
        assertThat(lease.get("workspace").asText()).endsWith("workspace");
        var entries = lease.at("/context/entries");
        assertThat(entries.get(entries.size() - 1).at("/message/content").asText()).isEqualTo("what is the weather?");
        assertThat(next(0)).as("one lease per session").isNull();
    }

    @Test
    void theLeaseTokenFencesAppendsUntilTheTurnCompletes() {
        open(Map.of());
        inbound("42", "hi", "message");
        ObjectNode lease = next(0);
        long token = lease.get("token").asLong();
        assertThat(appendFails(KEY, null).code()).isEqualTo(ErrorCode.SESSION_LOCKED);
        assertThat(appendFails(KEY, token - 1).code()).isEqualTo(ErrorCode.CONFLICT);
        append(KEY, token, "hello!");
        ObjectNode done = service.turns().complete(lease.get("turnId").asText(), token, null).await().atMost(T);
        assertThat(done.get("completed").asBoolean()).isTrue();
        assertThat(done.get("nextTurnQueued").asBoolean()).isFalse();
        assertThat(appendFails(KEY, token).code()).as("a completed lease's token").isEqualTo(ErrorCode.CONFLICT);
        append(KEY, null, "tokenless again");
        assertThat(service.history(KEY, 10, null, false).await().atMost(T).entries())
                .extracting(e -> e.at("/message/role").asText()).containsExactly("user", "assistant", "assistant");
    }

    @Test
    void messagesDuringATurnAreAppendedAtOnceAndCoalescedIntoTheNextTurn() {
        open(Map.of());
        inbound("42", "first", "message");
        ObjectNode lease = next(0);
        long s2 = inbound("42", "second", "message").get("seq").asLong();
        long s3 = inbound("42", "third", "message").get("seq").asLong();
        assertThat(service.turns().depth(KEY)).isEqualTo(1);
        long token = lease.get("token").asLong();
        append(KEY, token, "answer to first");
        ObjectNode done = service.turns().complete(lease.get("turnId").asText(), token, null).await().atMost(T);
        assertThat(done.get("nextTurnQueued").asBoolean()).isTrue();
        ObjectNode again = next(0);
        assertThat(again.get("messageSeqs")).extracting(n -> n.asLong()).containsExactly(s2, s3);
        assertThat(again.get("token").asLong()).isGreaterThan(token);
    }

    @Test
    void anExpiredLeaseRejectsTheLateAppendAndTheTurnComesBack() {
        open(Map.of("parley.session.queue.lease-duration", "30s"));
        inbound("42", "hi", "message");
        ObjectNode lease = next(0);
        now.addAndGet(31_000);
        service.turns().expire();
        assertThat(appendFails(KEY, lease.get("token").asLong()).code()).isEqualTo(ErrorCode.CONFLICT);
        ObjectNode again = next(0);
        assertThat(again).isNotNull();
        assertThat(again.get("messageSeqs")).isEqualTo(lease.get("messageSeqs"));
        assertThat(again.get("token").asLong()).isGreaterThan(lease.get("token").asLong());
    }

    @Test
    void aLongPollWakesWhenAMessageArrives() throws Exception {
        open(Map.of());
        CompletableFuture<ObjectNode> polling = service.turns().next(null, 30).subscribeAsCompletionStage()
                .toCompletableFuture();
        Thread.sleep(100);
        assertThat(polling).isNotDone();
        inbound("42", "wake up", "message");
        assertThat(polling.get(10, java.util.concurrent.TimeUnit.SECONDS).get("sessionKey").asText()).isEqualTo(KEY);
    }

    @Test
    void aLongPollWithoutWorkAnswersNullAfterItsWait() {
        open(Map.of());
        assertThat(next(1)).isNull();
    }

    @Test
    void heartbeatsDirectiveOnlyMessagesAndPlainAppendsQueueNoTurn() {
        open(Map.of());
        inbound("42", "ping", "heartbeat");
        inbound("42", "/think high", "message");
        append(KEY, null, "an assistant note");
        assertThat(service.turns().depth()).isZero();
        assertThat(next(0)).isNull();
    }

    @Test
    void operationsNeedingTheSessionLockFailAtOnceWhileATurnRuns() {
        open(Map.of());
        inbound("42", "hi", "message");
        next(0);
        ParleyException e = catchThrowableOfType(ParleyException.class,
                () -> service.reset(KEY, null).await().atMost(Duration.ofSeconds(3)));
        assertThat(e.code()).isEqualTo(ErrorCode.SESSION_LOCKED);
        assertThat(e.data().get("holder")).asString().contains("turnId");
    }

    @Test
    void unansweredSessionsAreQueuedAgainAtStart() {
        open(Map.of());
        inbound("42", "answered", "message");
        ObjectNode lease = next(0);
        append(KEY, lease.get("token").asLong(), "done");
        service.turns().complete(lease.get("turnId").asText(), lease.get("token").asLong(), null).await().atMost(T);
        long pending = inbound("43", "nobody answered me", "message").get("seq").asLong();
        service.close();
        service = null;
        open(Map.of());
        ObjectNode after = next(0);
        assertThat(after.get("sessionKey").asText()).isEqualTo("agent:main:telegram:dm:43");
        assertThat(after.get("messageSeqs").get(0).asLong()).isEqualTo(pending);
        assertThat(next(0)).as("the answered session is not queued").isNull();
    }

    @Test
    void reportedUsageMovesTheReserveAndGivesADrift() {
        open(Map.of());
        inbound("42", "hi there", "message");
        ObjectNode lease = next(0);
        long reserveBefore = lease.at("/context/reserve").asLong();
        service.turns().complete(lease.get("turnId").asText(), lease.get("token").asLong(),
                new Turns.ReportedUsage(100L, 20L, 1500L, 300L)).await().atMost(T);
        ObjectNode ctx = service.context(KEY).await().atMost(T).toJson();
        assertThat(ctx.get("reserve").asLong()).isEqualTo(reserveBefore + 1800);
        ObjectNode got = service.get(KEY).await().atMost(T);
        assertThat(got.at("/usage/estimatorDrift").isNumber()).isTrue();
    }

    @Test
    void completingWithAForeignTokenIsAConflictAndChangesNothing() {
        open(Map.of());
        inbound("42", "hi", "message");
        ObjectNode lease = next(0);
        ParleyException e = catchThrowableOfType(ParleyException.class, () -> service.turns()
                .complete(lease.get("turnId").asText(), lease.get("token").asLong() + 1, null).await().atMost(T));
        assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(appendFails(KEY, null).code()).as("still leased").isEqualTo(ErrorCode.SESSION_LOCKED);
    }
}
