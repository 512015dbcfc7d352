package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** messages.inbound, settings, resets and the lifecycle through the facade, with an injected clock. */
class InboundLifecycleTest {
    static final String KEY = "agent:main:telegram:dm:42";

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
        Map<String, String> props = new HashMap<>(Map.of("parley.session.reset.mode", "off",
                "parley.session.reset.timezone", "UTC"));
        props.putAll(extra);
        service = SessionService.open(SessionOptions.defaults(dir).withProperties(props)
                .withClock(() -> Instant.ofEpochMilli(now.get())));
    }

    ObjectNode inbound(String text) {
        return inbound("telegram", "42", "42", text, null, "message");
    }

    ObjectNode inbound(String channel, String peer, String sender, String text, String idem, String kind) {
        return service.inbound(new InboundRequest(channel, null, "dm", peer, sender, null, null, text, null, idem,
                null, kind)).await().atMost(Duration.ofSeconds(10));
    }

    List<ObjectNode> history() {
        return service.history(KEY, 1000, null, false).await().indefinitely().entries();
    }

    @Test
    void aMessageIsAppendedToTheResolvedSession() {
        open(Map.of());
        ObjectNode r = inbound("hello");
        assertThat(r.get("accepted").asBoolean()).isTrue();
        assertThat(r.get("sessionKey").asText()).isEqualTo(KEY);
        assertThat(r.get("seq").asLong()).isEqualTo(1);
        assertThat(history().get(0).at("/sender/id").asText()).isEqualTo("42");
    }

    @Test
    void aDirectiveOnlyMessagePersistsTheSettingAndIsNotAppended() {
        open(Map.of());
        inbound("hi");
        ObjectNode r = inbound("/think high");
        assertThat(r.at("/reply/isError").asBoolean()).isFalse();
        assertThat(r.at("/reply/text").asText()).containsIgnoringCase("thinking");
        List<ObjectNode> h = history();
        assertThat(h).extracting(e -> e.get("type").asText()).containsExactly("message", "settings");
        assertThat(h.get(1).get("source").asText()).isEqualTo("directive");
        ObjectNode got = service.get(KEY).await().indefinitely();
        assertThat(got.at("/settings/thinkingLevel").asText()).isEqualTo("high");
        assertThat(got.at("/overrides/thinkingLevel").asText()).isEqualTo("high");
    }

    @Test
    void leadingDirectivesAreStrippedFromTheAppendedText() {
        open(Map.of());
        inbound("/verbose on  what changed?");
        List<ObjectNode> h = history();
        assertThat(h).extracting(e -> e.get("type").asText()).containsExactly("settings", "message");
        assertThat(h.get(1).at("/message/content").asText()).isEqualTo("what changed?");
    }

    @Test
    void anInvalidDirectiveValueChangesNothing() throws Exception {
        open(Map.of());
        inbound("hi");
        byte[] before = Files.readAllBytes(dir.resolve("agents/main/sessions/agent_main_telegram_dm_42.jsonl"));
        ObjectNode r = inbound("/think hyper");
        assertThat(r.at("/reply/isError").asBoolean()).isTrue();
        assertThat(Files.readAllBytes(dir.resolve("agents/main/sessions/agent_main_telegram_dm_42.jsonl"))).isEqualTo(before);
    }

    @Test
    void elevatedNeedsAnAllowedSender() {
        open(Map.of("parley.agents.main.elevated-allow-from", "7"));
        assertThat(inbound("/elevated on").at("/reply/isError").asBoolean()).isTrue();
        ObjectNode ok = inbound("telegram", "7", "7", "/elevated on", null, "message");
        assertThat(ok.at("/reply/isError").asBoolean()).isFalse();
    }

    @Test
    void newStartsAFreshHistoryWhoseFirstMessageIsTheText() {
        open(Map.of());
        inbound("old stuff");
        inbound("/new fresh start");
        List<ObjectNode> h = history();
        assertThat(h.get(0).get("type").asText()).isEqualTo("reset");
        assertThat(h.get(0).get("reason").asText()).isEqualTo("manual");
        assertThat(h.get(1).at("/message/content").asText()).isEqualTo("fresh start");
    }

    @Test
    void aRepeatedIdempotencyKeyIsADuplicate() {
        open(Map.of());
        long seq = inbound("telegram", "42", "42", "once", "k-1", "message").get("seq").asLong();
        ObjectNode again = inbound("telegram", "42", "42", "once", "k-1", "message");
        assertThat(again.get("duplicate").asBoolean()).isTrue();
        assertThat(again.get("seq").asLong()).isEqualTo(seq);
        assertThat(history()).hasSize(1);
    }

    @Test
    void aDueIdleSessionIsResetLazilyAndTheTriggeringMessageStartsTheNewHistory() {
        open(Map.of("parley.session.reset.mode", "idle", "parley.session.reset.idle-hours", "1"));
        inbound("before");
        now.addAndGet(Duration.ofHours(2).toMillis());
        inbound("after");
        List<ObjectNode> h = history();
        assertThat(h).extracting(e -> e.get("type").asText()).containsExactly("reset", "message");
        assertThat(h.get(0).get("reason").asText()).isEqualTo("idle");
        assertThat(h.get(1).at("/message/content").asText()).isEqualTo("after");
    }

    @Test
    void heartbeatsNeverKeepASessionAlive() {
        open(Map.of("parley.session.reset.mode", "idle", "parley.session.reset.idle-hours", "1"));
        inbound("hello");
        now.addAndGet(Duration.ofMinutes(50).toMillis());
        inbound("telegram", "42", "42", "ping", null, "heartbeat");
        now.addAndGet(Duration.ofMinutes(20).toMillis());
        ObjectNode report = service.sweep();
        assertThat(report.get("reset").asInt()).isEqualTo(1);
        assertThat(history().get(0).get("reason").asText()).isEqualTo("idle");
    }

    @Test
    void theSweepResetsOnlyInsideTheDailyWindowAndOncePerWindow() {
        open(Map.of("parley.session.reset.mode", "daily", "parley.session.reset.daily-window.start", "04:00",
                "parley.session.reset.daily-window.end", "05:00"));
        inbound("yesterday");
        now.set(Instant.parse("2026-03-11T03:30:00Z").toEpochMilli());
        assertThat(service.sweep().get("reset").asInt()).isZero();
        now.set(Instant.parse("2026-03-11T04:10:00Z").toEpochMilli());
        assertThat(service.sweep().get("reset").asInt()).isEqualTo(1);
        now.set(Instant.parse("2026-03-11T04:20:00Z").toEpochMilli());
        assertThat(service.sweep().get("reset").asInt()).isZero();
    }

    @Test
    void aResetWithoutPreserveSettingsClearsTheOverrides() {
        open(Map.of("parley.session.reset.preserve-settings", "false"));
        inbound("/model openai/gpt-4o");
        inbound("hi");
        service.reset(KEY, null).await().indefinitely();
        ObjectNode got = service.get(KEY).await().indefinitely();
        assertThat(got.get("overrides").size()).isZero();
        List<ObjectNode> h = history();
        assertThat(h.get(h.size() - 1).get("source").asText()).isEqualTo("reset");
    }

    @Test
    void patchValidatesEveryFieldAndNullClears() {
        open(Map.of());
        inbound("hi");
        ObjectNode updates = Json.object().put("thinkingLevel", "low").put("elevated", true);
        ObjectNode got = service.patch(KEY, updates).await().indefinitely();
        assertThat(got.at("/settings/thinkingLevel").asText()).isEqualTo("low");
        ObjectNode bad = Json.object().put("thinkingLevel", "loud");
        Throwable t = catchThrowable(() -> service.patch(KEY, bad).await().indefinitely());
        assertThat(t).isInstanceOfSatisfying(ParleyException.class,
                p -> assertThat(p.data()).containsEntry("field", "updates.thinkingLevel"));
        ObjectNode clear = Json.object().putNull("thinkingLevel");
        got = service.patch(KEY, clear).await().indefinitely();
        assertThat(got.at("/settings/thinkingLevel").asText()).isEqualTo("off");
        assertThat(got.at("/overrides/elevated").asBoolean()).isTrue();
    }

    @Test
    void deniedMessagesAreDroppedAndWriteNothing() {
        open(Map.of("parley.channels.signal.dm-policy", "disabled"));
        ObjectNode r = inbound("signal", "+1555", "+1555", "hi", null, "message");
        assertThat(r.get("accepted").asBoolean()).isFalse();
        assertThat(r.get("reason").asText()).isEqualTo("dm_disabled");
        assertThat(dir.resolve("agents/main/sessions/agent_main_signal_dm_+1555.jsonl")).doesNotExist();
    }

    @Test
    void pairingRequestApproveThenAccepted() {
        open(Map.of("parley.channels.whatsapp.dm-policy", "pairing"));
        ObjectNode r = inbound("whatsapp", "+1777", "+1777", "let me in", null, "message");
        assertThat(r.get("reason").asText()).isEqualTo("pairing_required");
        String code = r.at("/pairing/code").asText();
        assertThat(code).matches("[A-HJ-NP-Z2-9]{8}");
        service.approvePairing("whatsapp", code).await().indefinitely();
        assertThat(inbound("whatsapp", "+1777", "+1777", "thanks", null, "message").get("accepted").asBoolean()).isTrue();
    }

    @Test
    void archivedSessionsComeBackOnRestoreOrANewMessage() {
        open(Map.of());
        inbound("hi");
        service.archive(KEY).await().indefinitely();
        ListPage archived = service.list(new ListQuery(null, null, null, "archived", null, null, null)).await().indefinitely();
        assertThat(archived.sessions()).extracting(SessionSummary::sessionKey).containsExactly(KEY);
        Throwable t = catchThrowable(() -> history());
        assertThat(t).isInstanceOfSatisfying(ParleyException.class, p -> assertThat(p.code()).isEqualTo(ErrorCode.SESSION_NOT_FOUND));
        inbound("back again");
        assertThat(history()).extracting(e -> e.at("/message/content").asText()).containsExactly("hi", "back again");
    }

    @Test
    void explainNamesTheSourceOfEachField() {
        open(Map.of("parley.session.reset.mode", "idle", "parley.session.reset.by-channel.telegram.idle-hours", "5"));
        inbound("hi");
        ObjectNode e = service.explain(KEY).await().indefinitely();
        assertThat(e.at("/reset/mode").asText()).isEqualTo("idle");
        assertThat(e.at("/reset/sources/idleHours").asText()).isEqualTo("channel");
        assertThat(e.at("/reset/sources/mode").asText()).isEqualTo("global");
        assertThat(e.has("wouldCompact")).isTrue();
    }
}
