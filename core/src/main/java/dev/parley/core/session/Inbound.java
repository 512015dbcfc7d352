package dev.parley.core.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.compaction.spi.CompactionReason;
import dev.parley.core.access.AccessControl;
import dev.parley.core.access.AccessPolicies;
import dev.parley.core.access.Decision;
import dev.parley.core.access.PairingStore;
import dev.parley.core.error.ParleyException;
import dev.parley.core.json.Json;
import dev.parley.core.key.SessionKey;
import dev.parley.core.metadata.SessionMeta;
import dev.parley.core.routing.KeyResolver;
import dev.parley.core.routing.ResolvedKey;
import dev.parley.core.settings.Directives;
import dev.parley.core.settings.Overrides;
import dev.parley.core.settings.OverridesUpdate;
import dev.parley.core.settings.ParsedDirectives;
import dev.parley.core.settings.SessionCommand;
import dev.parley.core.settings.SettingsSource;
import dev.parley.core.store.FileSessionStore;
import dev.parley.core.transcript.EntryValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The inbound pipeline of SPEC §10.3 / §4 / §7: resolve the key (bindings) → access control (dropped silently,
 * counted) → on the session's lane: bring an archived session back, apply a due reset first (the triggering
 * message becomes the first of the new history — never dropped), session commands ({@code /reset},
 * {@code /new [text]}, {@code /compact [instructions]}), directives (persisted as a {@code settings} entry;
 * directive-only messages are not appended), then the user message. Duplicate {@code idempotencyKey}s write nothing.
 */
final class Inbound {
    private static final Set<String> KINDS = Set.of("message", "heartbeat", "system");

    private final SessionService service;
    private final FileSessionStore store;
    private final KeyResolver resolver;
    private final AccessControl access;
    private final EntryValidator validator;

    Inbound(SessionService service, FileSessionStore store, KeyResolver resolver, EntryValidator validator) {
        this.service = service;
        this.store = store;
        this.resolver = resolver;
        this.access = new AccessControl(AccessPolicies.fromProperties(service.options().properties()),
                new PairingStore(service.options().stateDir(), service.options().clock()));
        this.validator = validator;
    }

    AccessControl access() {
        return access;
    }

    /** See {@link SessionService#resolve}: read-only; nothing is created. */
    Resolution resolve(ResolveRequest r) {
        ResolvedKey k = resolver.resolve(r.channel(), r.accountId(), r.peerKind(), r.peerId(), r.threadId());
        SessionMeta m = store.meta(k.key());
        boolean exists = m != null && m.status().equals("active");
        return new Resolution(k.key().format(), k.agentId(), k.matchedBy(), exists);
    }

    CompletableFuture<ObjectNode> handle(InboundRequest r) {
        String kind = r.kind() == null ? "message" : r.kind();
        if (!KINDS.contains(kind)) {
            throw ParleyException.invalidParams("kind", "kind must be one of " + KINDS);
        }
        if (r.text() == null) {
            throw ParleyException.invalidParams("text", "text is required");
        }
        ResolvedKey rk = resolver.resolve(r.channel(), r.accountId(), r.peerKind(), r.peerId(), r.threadId());
        SessionKey key = rk.key();
        if (kind.equals("message")) {
            Decision d = access.check(r.channel(), r.peerKind(), r.peerId(), r.senderId());
            if (!d.allowed()) {
                try {
                    service.events().inboundDropped(d.reason().wire());
                } catch (RuntimeException ignored) {
                    // listeners never break the pipeline
                }
                return CompletableFuture.completedFuture(dropped(key, d));
            }
        }
        return service.onLane(key, () -> onLane(key, r, kind)).thenCompose(f -> f);
    }

    private static ObjectNode dropped(SessionKey key, Decision d) {
        ObjectNode out = Json.object().put("accepted", false).put("dropped", true).put("reason", d.reason().wire());
        if (d.pairing() != null) {
            out.putObject("pairing").put("code", d.pairing().code())
                    .put("expiresAt", d.pairing().expiresAt().toString());
        }
        return out;
    }

    private CompletableFuture<ObjectNode> onLane(SessionKey key, InboundRequest r, String kind) throws Exception {
        SessionMeta meta = store.meta(key);
        if (meta != null && meta.status().equals("archived")) {
            store.restore(key);
            service.emit("session.restored", key, null);
        }
        SessionMeta live = store.openMeta(key);
        String text = r.text();
        Optional<SessionCommand> command = kind.equals("message") ? Directives.sessionCommand(text) : Optional.empty();
        if (live != null && kind.equals("message") && command.isEmpty()
                && service.lifecycle().dueLazily(key, live).isPresent()) {
            service.lifecycle().reset(key, service.lifecycle().dueLazily(key, live).get().reason(), null);
        }
        if (command.isPresent()) {
            return command(key, r, command.get(), live);
        }
        List<ObjectNode> batch = new ArrayList<>();
        String reply = null;
        if (kind.equals("message")) {
            boolean mayElevate = service.settingsResolver().elevatedAllowed(key.agentId(), r.senderId());
            ParsedDirectives parsed = Directives.parse(text, mayElevate);
            if (parsed.error() != null) {
                return CompletableFuture.completedFuture(accepted(key, null, false, parsed.error(), true));
            }
            if (parsed.hasDirectives()) {
                Overrides current = live == null ? Overrides.NONE : Overrides.fromJson(live.overrides());
                OverridesUpdate u = current.apply(parsed.directives());
                if (!u.isEmpty()) {
                    batch.add(u.settingsEntry(SettingsSource.DIRECTIVE));
                }
                reply = parsed.replyText();
                text = parsed.remainingText();
                if (parsed.directiveOnly()) {
                    return append(key, batch, reply, false);
                }
            }
        }
        batch.add(message(r, text, kind));
        return append(key, batch, reply, asksForTurn(key, r, kind));
    }

    /**
     * SPEC §8.2: a real message queues a turn; heartbeat and system inbound do not, nor a group message with
     * {@code mentioned:false} while the session's activation is {@code mention}.
     */
    private boolean asksForTurn(SessionKey key, InboundRequest r, String kind) throws java.io.IOException {
        if (!kind.equals("message")) {
            return false;
        }
        if (Boolean.FALSE.equals(r.mentioned()) && key.type().equals("group")) {
            SessionMeta m = store.openMeta(key);
            Overrides o = m == null ? Overrides.NONE : Overrides.fromJson(m.overrides());
            return service.settingsResolver().resolve(key.agentId(), o).settings().groupActivation()
                    == dev.parley.core.settings.GroupActivation.ALWAYS;
        }
        return true;
    }

    private ObjectNode message(InboundRequest r, String text, String kind) {
        ObjectNode e = Json.object().put("type", "message");
        e.putObject("message").put("role", "user").put("content", text);
        if (r.senderId() != null) {
            ObjectNode sender = e.putObject("sender").put("id", r.senderId());
            if (r.senderName() != null) {
                sender.put("name", r.senderName());
            }
        }
        if (r.timestamp() != null) {
            e.put("timestamp", r.timestamp());
        }
        if (r.idempotencyKey() != null) {
            e.put("idempotencyKey", r.idempotencyKey());
        }
        if (!kind.equals("message")) {
            e.put("inboundKind", kind);
        }
        if (r.mentioned() != null) {
            e.put("mentioned", r.mentioned());
        }
        return e;
    }

    private CompletableFuture<ObjectNode> append(SessionKey key, List<ObjectNode> batch, String reply,
                                                 boolean queueTurn) throws Exception {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(accepted(key, null, false, reply, false));
        }
        List<ObjectNode> valid = validator.validate(batch);
        return service.appends().write(key, valid).thenApply(res -> {
            service.appends().acknowledged(key, valid, res);
            if (queueTurn && !res.duplicate()) {
                service.turns().queue(key, res.lastSeq());
            }
            return accepted(key, res.lastSeq(), res.duplicate(), reply, false);
        });
    }

    private CompletableFuture<ObjectNode> command(SessionKey key, InboundRequest r, SessionCommand c,
                                                  SessionMeta live) throws Exception {
        switch (c.kind()) {
            case RESET -> {
                if (live != null) {
                    service.lifecycle().reset(key, "manual", null);
                }
                return CompletableFuture.completedFuture(accepted(key, null, false, "Session reset.", false));
            }
            case NEW -> {
                if (live != null) {
                    service.lifecycle().reset(key, "manual", null);
                }
                if (c.argumentText().isEmpty()) {
                    return CompletableFuture.completedFuture(accepted(key, null, false, "New session started.", false));
                }
                return append(key, List.of(message(r, c.argumentText(), "message")), "New session started.", true);
            }
            default -> {
                if (live == null) {
                    return CompletableFuture.completedFuture(accepted(key, null, false, "Nothing to compact yet.", true));
                }
                String instructions = c.argumentText().isEmpty() ? null : c.argumentText();
                return service.engine().compact(key, CompactionReason.MANUAL, instructions, null)
                        .handle((out, err) -> err != null
                                ? accepted(key, null, false, "Compaction failed: " + rootMessage(err), true)
                                : accepted(key, null, false, out.compacted()
                                        ? "Compacted: " + out.turnsRemoved() + " turns summarised ("
                                                + out.tokensBefore() + " → " + out.tokensAfter() + " tokens)."
                                        : "Nothing to compact (" + out.reason() + ").", false));
            }
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && (c instanceof java.util.concurrent.CompletionException)) {
            c = c.getCause();
        }
        return c.getMessage();
    }

    private static ObjectNode accepted(SessionKey key, Long seq, boolean duplicate, String reply, boolean isError) {
        ObjectNode out = Json.object().put("accepted", true).put("sessionKey", key.format());
        if (seq != null) {
            out.put("seq", seq);
        }
        if (duplicate) {
            out.put("duplicate", true);
        }
        if (reply != null) {
            out.putObject("reply").put("text", reply).put("isError", isError);
        }
        return out;
    }
}
