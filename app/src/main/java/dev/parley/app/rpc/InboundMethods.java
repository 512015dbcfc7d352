package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.BOOLEAN;
import static dev.parley.app.rpc.ParamType.LONG;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.access.ApprovedSender;
import dev.parley.core.access.PairingList;
import dev.parley.core.access.PendingPairing;
import dev.parley.core.session.InboundRequest;
import dev.parley.core.session.SessionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inbound traffic and its access control (SPEC §10.3): {@code messages.inbound}, {@code pairing.list} and
 * {@code pairing.approve}. The edge checks presence and JSON types; core judges channels, peers, kinds, codes and
 * the message itself, and decides what is dropped.
 */
@ApplicationScoped
public class InboundMethods implements MethodGroup {

    private static final Map<String, ParamSpec> PEER = peer();

    private final SessionService sessions;

    @Inject
    public InboundMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("messages.inbound", List.of(required("channel", STRING), optional("accountId", STRING),
                        required("peer", OBJECT), optional("senderId", STRING), optional("senderName", STRING),
                        optional("threadId", STRING), required("text", STRING), optional("timestamp", LONG),
                        optional("idempotencyKey", STRING), optional("mentioned", BOOLEAN),
                        optional("kind", STRING)), this::inbound),
                RpcMethod.of("pairing.list", List.of(optional("channel", STRING)),
                        p -> sessions.pairings(p.string("channel")).map(InboundMethods::pairings)),
                RpcMethod.of("pairing.approve", List.of(required("channel", STRING), required("code", STRING)),
                        p -> sessions.approvePairing(p.string("channel"), p.string("code"))
                                .map(InboundMethods::approved)));
    }

    private Uni<JsonNode> inbound(Params p) {
        Params peer = Params.check("peer.", PEER, p.object("peer"));
        Boolean mentioned = p.has("mentioned") ? p.bool("mentioned", false) : null;
        InboundRequest request = new InboundRequest(p.string("channel"), p.string("accountId"), peer.string("kind"),
                peer.string("id"), p.string("senderId"), p.string("senderName"), p.string("threadId"),
                p.string("text"), p.longValue("timestamp"), p.string("idempotencyKey"), mentioned, p.string("kind"));
        return sessions.inbound(request).map(JsonNode.class::cast);
    }

    private static Map<String, ParamSpec> peer() {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        byName.put("kind", required("kind", STRING));
        byName.put("id", required("id", STRING));
        return byName;
    }

    private static JsonNode pairings(PairingList list) {
        ObjectNode result = Json.object();
        ArrayNode pending = result.putArray("pending");
        for (PendingPairing p : list.pending()) {
            pending.addObject()
                    .put("code", p.code())
                    .put("channel", p.channel())
                    .put("senderId", p.senderId())
                    .put("createdAt", p.createdAt().toString())
                    .put("expiresAt", p.expiresAt().toString());
        }
        ArrayNode approved = result.putArray("approved");
        list.approved().forEach(a -> approved.add(approved(a)));
        return result;
    }

    private static ObjectNode approved(ApprovedSender a) {
        return Json.object()
                .put("channel", a.channel())
                .put("senderId", a.senderId())
                .put("approvedAt", a.approvedAt().toString());
    }
}
