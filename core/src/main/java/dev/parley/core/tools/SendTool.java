package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.session.HistoryPage;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code sessions_send} and the operator's {@code sessions.send} (SPEC §9). The message is injected with
 * {@link SessionService#deliver} (appended even while the target's runtime holds a lease, and a turn queued).
 *
 * <p><b>Hops.</b> An injected message carries {@code provenance{kind:"inter_session", sourceSessionKey, hops}}
 * with {@code hops} = the hops of the message that triggered the caller's current turn + 1. That message is the
 * newest user message of the caller's active history (among its last {@link #HOP_SCAN} entries): its provenance
 * hops when it was injected, else 0. A send whose hops would exceed {@code parley.tools.send.max-hops} is
 * {@code forbidden}, so two agents answering each other stop.
 *
 * <p><b>Reply policies.</b> {@code skip}: answers at once. {@code reply}: waits for the target's next assistant
 * message with text ({@link ReplyWaiter}) up to {@code timeoutSeconds}. {@code announce}: as {@code reply}, then
 * appends a system message with the first {@link #ANNOUNCE_CHARS} characters of the reply to the caller's session
 * (or {@code announceChannel}, a key of the caller's agent). The default is the caller's {@code sendPolicy}.
 */
final class SendTool {
    static final int HOP_SCAN = 50;
    static final int ANNOUNCE_CHARS = 500;
    static final int DEFAULT_TIMEOUT = 30;
    /** The longest reply wait, in seconds (an HTTP client waits about as long for its answer). */
    static final int MAX_TIMEOUT = 300;

    private final SessionService service;
    private final Access access;
    private final ScheduledExecutorService scheduler;

    SendTool(SessionService service, Access access, ScheduledExecutorService scheduler) {
        this.service = service;
        this.access = access;
        this.scheduler = scheduler;
    }

    Uni<ObjectNode> send(Caller caller, ObjectNode params) {
        SessionKey target = Keys.parse(params.get("sessionKey").asText(), "params.sessionKey", service);
        String message = text(params.get("message"), "params.message");
        String policy = params.path("replyPolicy").asText(caller.sendPolicy());
        SessionKey announceTo = caller.key();
        if (params.hasNonNull("announceChannel")) {
            announceTo = Keys.parse(params.get("announceChannel").asText(), "params.announceChannel", service);
            if (!announceTo.agentId().equals(caller.agentId())) {
                throw ParleyException.invalidParams("params.announceChannel",
                        "'announceChannel' must be a session key of your agent (" + caller.agentId() + ")");
            }
        }
        int timeout = params.path("timeoutSeconds").asInt(DEFAULT_TIMEOUT);
        if (target.equals(caller.key())) {
            return Uni.createFrom().item(Results.error("a session cannot send to itself"));
        }
        SessionKey announce = announceTo;
        return access.visible(caller.key(), target)
                .chain(v -> v ? Keys.live(service, target) : Uni.createFrom().item(false))
                .chain(v -> !v ? Results.notVisible() : hops(caller.key()).chain(h -> {
                    int hops = h + 1;
                    if (hops > access.config().maxHops()) {
                        return Uni.createFrom().item(Results.forbidden("hop limit reached: this message would"
                                + " make " + hops + " hops (parley.tools.send.max-hops=" + access.config().maxHops()
                                + ")"));
                    }
                    ObjectNode entry = userMessage(message);
                    entry.putObject("provenance").put("kind", "inter_session")
                            .put("sourceSessionKey", caller.format()).put("hops", hops);
                    return inject(target, entry, policy, timeout, announce);
                }));
    }

    /** The operator's send: no visibility rules; {@code sender{id:"operator"}}, no provenance. */
    Uni<ObjectNode> operatorSend(SessionKey target, String message, String policy, int timeout) {
        ObjectNode entry = userMessage(message);
        entry.putObject("sender").put("id", "operator");
        return service.get(target.format()).chain(m -> inject(target, entry, policy, timeout, null));
    }

    private Uni<ObjectNode> inject(SessionKey target, ObjectNode entry, String policy, int timeout,
                                   SessionKey announceTo) {
        ReplyWaiter waiter = policy.equals("skip") ? null : ReplyWaiter.listen(service, target.format());
        return service.deliver(target.format(), List.of(entry), true)
                .onFailure().invoke(e -> {
                    if (waiter != null) {
                        waiter.cancel();
                    }
                })
                .chain(r -> {
                    ObjectNode sent = Results.ok().put("sent", true).put("seq", r.lastSeq());
                    if (waiter == null) {
                        return Uni.createFrom().item(sent);
                    }
                    return Uni.createFrom().completionStage(
                                    waiter.arm(r.lastSeq(), Duration.ofSeconds(timeout), scheduler))
                            .chain(reply -> replied(target, sent, reply, policy, timeout, announceTo));
                });
    }

    private Uni<ObjectNode> replied(SessionKey target, ObjectNode sent, ObjectNode reply, String policy, int timeout,
                                    SessionKey announceTo) {
        if (reply == null) {
            return Uni.createFrom().item(Results.timeout("no reply within " + timeout + "s").put("sent", true)
                    .put("seq", sent.get("seq").asLong()));
        }
        String text = ReplyWaiter.text(reply);
        sent.put("reply", text).put("replySeq", reply.get("seq").asLong());
        if (!policy.equals("announce")) {
            return Uni.createFrom().item(sent);
        }
        ObjectNode notice = Json.object().put("type", "message");
        notice.putObject("message").put("role", "system")
                .put("content", text.length() > ANNOUNCE_CHARS ? text.substring(0, ANNOUNCE_CHARS) : text);
        notice.putObject("provenance").put("kind", "inter_session").put("sourceSessionKey", target.format())
                .put("hops", 0);
        return service.deliver(announceTo.format(), List.of(notice), false)
                .map(r -> sent.put("announced", announceTo.format()).put("announceSeq", r.lastSeq()));
    }

    /** The hops of the message that triggered the caller's current turn (0 when it was not injected). */
    private Uni<Integer> hops(SessionKey caller) {
        return service.history(caller.format(), HOP_SCAN, null, false).map(SendTool::triggerHops);
    }

    static int triggerHops(HistoryPage page) {
        List<ObjectNode> entries = page.entries();
        for (int i = entries.size() - 1; i >= 0; i--) {
            ObjectNode e = entries.get(i);
            if (e.path("type").asText().equals("message") && e.path("message").path("role").asText().equals("user")) {
                JsonNode p = e.path("provenance");
                return p.path("kind").asText().equals("inter_session") ? p.path("hops").asInt(0) : 0;
            }
        }
        return 0;
    }

    private static ObjectNode userMessage(String text) {
        ObjectNode entry = Json.object().put("type", "message");
        entry.putObject("message").put("role", "user").put("content", text);
        return entry;
    }

    static String text(JsonNode v, String field) {
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw ParleyException.invalidParams(field, "'" + field.substring(field.indexOf('.') + 1)
                    + "' must be a non-empty string");
        }
        return v.asText();
    }
}
