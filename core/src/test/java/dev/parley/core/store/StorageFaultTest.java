package dev.parley.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.session.SessionOptions;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.StoreInvariants;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageFaultTest {
    static final String KEY = "agent:main:discord:dm:user123";

    @TempDir
    Path dir;
    final AtomicBoolean failForce = new AtomicBoolean();
    final AtomicBoolean failWrite = new AtomicBoolean();
    final AtomicLong now = new AtomicLong(1_700_000_000_000L);

    SessionService open() {
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        SessionOptions o = SessionOptions.defaults(dir).withClock(clock)
                .withTimings(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofSeconds(5));
        return SessionService.open(o, (path, opts) -> new FaultyChannel(FileChannel.open(path, opts), failForce, failWrite));
    }

    static ObjectNode user(String text) {
        ObjectNode e = Json.object();
        e.put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        return e;
    }

    static ParleyException failure(SessionService s, String text) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(
                () -> s.append(KEY, List.of(user(text)), null).await().atMost(Duration.ofSeconds(5)));
        assertThat(t).isInstanceOf(ParleyException.class);
        return (ParleyException) t;
    }

    @Test
    void failedForceFailsThatAppendAndLaterOnesUntilTheWriterReopens() {
        try (SessionService s = open()) {
            assertThat(s.append(KEY, List.of(user("ok")), null).await().indefinitely().lastSeq()).isEqualTo(1);
            failForce.set(true);
            assertThat(failure(s, "lost").code()).isEqualTo(ErrorCode.STORAGE_FAILED);
            failForce.set(false);
            // The force is never retried on the same channel: still failing, and readiness is down.
            assertThat(failure(s, "still refused").code()).isEqualTo(ErrorCode.STORAGE_FAILED);
            assertThat(s.health().ready()).isFalse();
            now.addAndGet(Duration.ofSeconds(6).toMillis());
            long seq = s.append(KEY, List.of(user("after reopen")), null).await().indefinitely().lastSeq();
            assertThat(seq).isGreaterThan(1);
            assertThat(s.health().ready()).isTrue();
            var history = s.history(KEY, 100, null, false).await().indefinitely().entries();
            assertThat(history).extracting(e -> e.at("/message/content").asText()).contains("ok", "after reopen")
                    .doesNotContain("still refused");
        }
        StoreInvariants.check(dir);
    }

    @Test
    void failedWriteIsReportedAndTheTranscriptStaysWellFormed() {
        try (SessionService s = open()) {
            s.append(KEY, List.of(user("ok")), null).await().indefinitely();
            failWrite.set(true);
            assertThat(failure(s, "refused").code()).isEqualTo(ErrorCode.STORAGE_FAILED);
            failWrite.set(false);
            now.addAndGet(Duration.ofSeconds(6).toMillis());
            assertThat(s.append(KEY, List.of(user("again")), null).await().indefinitely().lastSeq()).isEqualTo(2);
        }
        StoreInvariants.check(dir);
    }

    @Test
    void rejectedBatchWritesNothing() {
        try (SessionService s = open()) {
            ObjectNode bad = Json.object().put("type", "message");
            bad.putObject("message").put("role", "robot").put("content", "x");
            assertThatThrownBy(() -> s.append(KEY, List.of(user("fine"), bad), null).await().indefinitely())
                    .isInstanceOfSatisfying(ParleyException.class, p -> {
                        assertThat(p.code()).isEqualTo(ErrorCode.INVALID_PARAMS);
                        assertThat(p.data()).containsEntry("field", "entries[1].message.role");
                    });
            assertThat(dir.resolve("agents/main/sessions/agent_main_discord_dm_user123.jsonl")).doesNotExist();
        }
    }
}
