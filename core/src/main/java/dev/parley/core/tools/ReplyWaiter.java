package dev.parley.core.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.events.AppendListener;
import dev.parley.core.session.SessionService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a session's next assistant message after a given seq (SPEC §9 {@code sessions_send} with
 * {@code reply}/{@code announce}).
 *
 * <p>Race: the listener is registered <em>before</em> the message is injected, because a fast runtime may answer
 * before the injecting append's future completes here. Until {@link #arm(long)} names the injected seq, assistant
 * messages are buffered; afterwards the first one with a greater seq completes the wait. The future completes
 * with {@code null} on timeout. Either way the listener is unregistered and the timer cancelled.
 */
final class ReplyWaiter implements AppendListener {
    private record Seen(long seq, ObjectNode entry) {}

    private final String sessionKey;
    private final CompletableFuture<ObjectNode> reply = new CompletableFuture<>();
    private final List<Seen> early = new ArrayList<>();
    private long after = -1;
    private final Runnable unregister;
    private ScheduledFuture<?> timer;

    private ReplyWaiter(String sessionKey, SessionService service) {
        this.sessionKey = sessionKey;
        this.unregister = service.onAppend(this);
        reply.whenComplete((r, e) -> {
            unregister.run();
            synchronized (this) {
                if (timer != null) {
                    timer.cancel(false);
                }
            }
        });
    }

    /** Starts listening on {@code sessionKey} (canonical). */
    static ReplyWaiter listen(SessionService service, String sessionKey) {
        return new ReplyWaiter(sessionKey, service);
    }

    @Override
    public synchronized void appended(String key, long firstSeq, List<ObjectNode> entries) {
        if (!key.equals(sessionKey) || reply.isDone()) {
            return;
        }
        for (int i = 0; i < entries.size(); i++) {
            ObjectNode e = entries.get(i);
            if (isAssistantMessage(e) && !text(e).isEmpty()) {
                offer(firstSeq + i, e);
            }
        }
    }

    private void offer(long seq, ObjectNode e) {
        if (after < 0) {
            early.add(new Seen(seq, e));
        } else if (seq > after) {
            reply.complete(e.deepCopy().put("seq", seq));
        }
    }

    /** The injected message has {@code seq}: from now on, the first assistant message after it is the reply. */
    CompletableFuture<ObjectNode> arm(long seq, Duration timeout, ScheduledExecutorService scheduler) {
        synchronized (this) {
            after = seq;
            for (Seen s : early) {
                offer(s.seq(), s.entry());
            }
            early.clear();
            if (!reply.isDone()) {
                timer = scheduler.schedule(() -> reply.complete(null), timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return reply;
    }

    /** Gives up (the injection failed). */
    void cancel() {
        reply.complete(null);
    }

    /** An assistant message that is not a notice (a tool-use-only one has no text and is skipped by the waiter). */
    static boolean isAssistantMessage(JsonNode e) {
        return e.path("type").asText().equals("message") && e.path("message").path("role").asText().equals("assistant")
                && !e.path("notice").asBoolean(false);
    }

    /** The text of a message: its string content, or its text blocks joined by newlines. */
    static String text(JsonNode entry) {
        JsonNode content = entry.path("message").path("content");
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode block : content) {
            if (block.path("type").asText().equals("text")) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                out.append(block.path("text").asText());
            }
        }
        return out.toString();
    }
}
