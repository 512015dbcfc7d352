package dev.parley.app.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.app.ErrorMapper;
import dev.parley.app.config.ParleyConfig;
import dev.parley.app.rpc.Json;
import dev.parley.app.rpc.JsonRpcResource;
import dev.parley.app.rpc.ParamSpec;
import dev.parley.app.rpc.RpcMethod;
import dev.parley.app.rpc.RpcMethods;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a REST request into the named params of an RPC method (path key + query string or JSON body), calls it
 * through {@link RpcMethods}, and answers the result with 200 or {@code {"error":…}} with the status of
 * {@link ErrorMapper#httpStatus}. Query strings are typed by the method's {@link ParamSpec}s.
 */
@ApplicationScoped
public class RestBridge {

    static final String SESSION_KEY = "sessionKey";

    private final RpcMethods methods;
    private final long maxBody;

    @Inject
    public RestBridge(RpcMethods methods, ParleyConfig config) {
        this.methods = methods;
        this.maxBody = config.limits().maxBody().asLongValue();
    }

    /** Calls {@code method} with the params {@code params} builds; a failure while building them is answered too. */
    Uni<Response> call(String method, Supplier<ObjectNode> params) {
        return Uni.createFrom().deferred(() -> methods.call(method, params.get()))
                .map(RestBridge::ok)
                .onFailure().recoverWithItem(failure -> error(ErrorMapper.toParley(failure)));
    }

    /** Params from a query string; {@code key} (already decoded) is added as sessionKey when not null. */
    ObjectNode query(String method, MultivaluedMap<String, String> query, String key) {
        Map<String, ParamSpec> specs = spec(method).params();
        ObjectNode params = Json.object();
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            String name = e.getKey();
            if (e.getValue().size() > 1) {
                throw ParleyException.invalidParams(name, "query parameter '" + name + "' is given more than once");
            }
            if (key != null && SESSION_KEY.equals(name)) {
                throw keyInPath();
            }
            String value = e.getValue().isEmpty() ? "" : e.getValue().get(0);
            ParamSpec spec = specs.get(name);
            params.set(name, spec == null ? Json.NODES.textNode(value) : typed(spec, value));
        }
        return withKey(params, key);
    }

    /** Params from a JSON body (an empty body is {@code {}}); {@code key} as in {@link #query}. */
    ObjectNode body(byte[] body, String key) {
        if (body != null && body.length > maxBody) {
            throw JsonRpcResource.tooLargeError(maxBody);
        }
        if (body == null || body.length == 0) {
            return withKey(Json.object(), key);
        }
        JsonNode json = Json.parse(body);
        if (!json.isObject()) {
            throw new ParleyException(ErrorCode.INVALID_REQUEST, "the request body must be a JSON object");
        }
        if (key != null && json.has(SESSION_KEY)) {
            throw keyInPath();
        }
        return withKey((ObjectNode) json, key);
    }

    private static ObjectNode withKey(ObjectNode params, String key) {
        if (key != null) {
            params.put(SESSION_KEY, key);
        }
        return params;
    }

    private static ParleyException keyInPath() {
        return ParleyException.invalidParams(SESSION_KEY, "the session key belongs in the path, not in the request");
    }

    private RpcMethod spec(String method) {
        return methods.find(method).orElseThrow(() -> new IllegalStateException("no RPC method " + method));
    }

    private static JsonNode typed(ParamSpec spec, String value) {
        return switch (spec.type()) {
            case STRING -> Json.NODES.textNode(value);
            case INT, LONG -> {
                try {
                    yield Json.NODES.numberNode(new BigInteger(value));
                } catch (NumberFormatException e) {
                    throw ParleyException.invalidParams(spec.name(), "parameter '" + spec.name() + "' must be an integer");
                }
            }
            case BOOLEAN -> switch (value) {
                case "true", "" -> Json.NODES.booleanNode(true);
                case "false" -> Json.NODES.booleanNode(false);
                default -> throw ParleyException.invalidParams(spec.name(),
                        "parameter '" + spec.name() + "' must be true or false");
            };
            case OBJECT, ARRAY -> throw ParleyException.invalidParams(spec.name(),
                    "parameter '" + spec.name() + "' cannot be given in a query string");
        };
    }

    static Response ok(JsonNode result) {
        return Response.ok(Json.bytes(result), MediaType.APPLICATION_JSON).build();
    }

    static Response error(ParleyException e) {
        return error(ErrorMapper.httpStatus(e.code()), e);
    }

    static Response error(int status, ParleyException e) {
        return Response.status(status).entity(Json.bytes(ErrorMapper.restBody(e))).type(MediaType.APPLICATION_JSON).build();
    }
}
