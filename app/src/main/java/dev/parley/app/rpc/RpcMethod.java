package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of the method table: a name, its named parameters (anything else is INVALID_PARAMS) and a handler
 * that receives them already checked for presence and JSON type, calls core and maps the result.
 */
public record RpcMethod(String name, Map<String, ParamSpec> params, Function<Params, Uni<? extends JsonNode>> handler) {

    public RpcMethod {
        Objects.requireNonNull(name, "name is null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Objects.requireNonNull(handler, "handler is null");
    }

    public static RpcMethod of(String name, List<ParamSpec> params, Function<Params, Uni<? extends JsonNode>> handler) {
        Map<String, ParamSpec> byName = new LinkedHashMap<>();
        for (ParamSpec p : params) {
            if (byName.put(p.name(), p) != null) {
                throw new IllegalArgumentException(name + ": parameter " + p.name() + " declared twice");
            }
        }
        return new RpcMethod(name, byName, handler);
    }
}
