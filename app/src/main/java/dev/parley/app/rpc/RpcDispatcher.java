package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.ErrorMapper;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * JSON-RPC 2.0 over one request body: the envelope rules, batches (up to {@value #MAX_BATCH} calls, run in
 * order), notifications (no {@code id}: run, never answered). Method calls go to {@link RpcMethods}.
 */
@ApplicationScoped
public class RpcDispatcher {

    static final int MAX_BATCH = 100;

    private static final Logger LOG = Logger.getLogger(RpcDispatcher.class);
    private static final Set<String> ENVELOPE = Set.of("jsonrpc", "id", "method", "params");

    private final RpcMethods methods;

    @Inject
    public RpcDispatcher(RpcMethods methods) {
        this.methods = methods;
    }

    /** The response to a body: an object, an array (batch), or empty when every call was a notification. */
    public Uni<Optional<JsonNode>> handle(byte[] body) {
        JsonNode request;
        try {
            request = Json.parse(body);
        } catch (ParleyException e) {
            return Uni.createFrom().item(Optional.of(error(NullNode.getInstance(), e)));
        }
        if (!request.isArray()) {
            return handleOne(request).map(Optional::ofNullable);
        }
        if (request.isEmpty()) {
            return Uni.createFrom().item(Optional.of(error(NullNode.getInstance(),
                    new ParleyException(ErrorCode.INVALID_REQUEST, "empty batch"))));
        }
        if (request.size() > MAX_BATCH) {
            return Uni.createFrom().item(Optional.of(error(NullNode.getInstance(),
                    new ParleyException(ErrorCode.INVALID_REQUEST,
                            "batch of " + request.size() + " calls; at most " + MAX_BATCH + " are allowed",
                            Map.of("limit", MAX_BATCH)))));
        }
        // Calls of a batch run one after the other, so a batch [append, history] sees its own append.
        return Multi.createFrom().iterable(request)
                .onItem().transformToUniAndConcatenate(this::handleOne)
                .collect().asList()
                .map(RpcDispatcher::batchResponse);
    }

    private static Optional<JsonNode> batchResponse(List<ObjectNode> responses) {
        ArrayNode array = Json.NODES.arrayNode();
        responses.stream().filter(r -> r != null).forEach(array::add);
        return array.isEmpty() ? Optional.empty() : Optional.of(array);
    }

    /** One call: its response, or null for a valid notification (a null item is dropped from a batch). */
    private Uni<ObjectNode> handleOne(JsonNode call) {
        if (!call.isObject()) {
            return now(error(NullNode.getInstance(), invalidRequest("a call must be a JSON object")));
        }
        JsonNode id = call.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            return now(error(NullNode.getInstance(), invalidRequest("'id' must be a string, an integer or null")));
        }
        JsonNode replyId = id == null ? NullNode.getInstance() : id;
        ObjectNode params;
        try {
            params = checkEnvelope(call);
        } catch (ParleyException e) {
            return now(error(replyId, e));
        }
        String method = call.get("method").textValue();
        boolean notification = id == null;
        return methods.call(method, params)
                .map(result -> notification ? null : result(replyId, result))
                .onFailure().recoverWithItem(failure -> {
                    ParleyException e = ErrorMapper.toParley(failure);
                    if (notification) {
                        LOG.debugf("Notification %s failed: %s %s", method, e.code(), e.getMessage());
                        return null;
                    }
                    return error(replyId, e);
                });
    }

    private static Uni<ObjectNode> now(ObjectNode response) {
        return Uni.createFrom().item(response);
    }

    private static ObjectNode checkEnvelope(JsonNode call) {
        for (Iterator<String> names = call.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ENVELOPE.contains(name)) {
                throw invalidRequest("unknown member '" + name + "'; a call has jsonrpc, id, method and params");
            }
        }
        JsonNode version = call.get("jsonrpc");
        if (version == null || !version.isTextual() || !"2.0".equals(version.textValue())) {
            throw invalidRequest("'jsonrpc' must be \"2.0\"");
        }
        JsonNode method = call.get("method");
        if (method == null || !method.isTextual()) {
            throw invalidRequest("'method' must be a string");
        }
        JsonNode params = call.get("params");
        if (params == null) {
            return Json.object();
        }
        if (!params.isObject()) {
            throw invalidRequest("'params' must be an object of named parameters");
        }
        return (ObjectNode) params;
    }

    private static ParleyException invalidRequest(String message) {
        return new ParleyException(ErrorCode.INVALID_REQUEST, message);
    }

    private static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = Json.object().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("result", result);
        return response;
    }

    /** A JSON-RPC error response; also used for the 413 the HTTP layer answers before parsing. */
    public static ObjectNode error(JsonNode id, ParleyException e) {
        ObjectNode response = Json.object().put("jsonrpc", "2.0");
        response.set("id", id);
        response.set("error", ErrorMapper.errorObject(e));
        return response;
    }
}
