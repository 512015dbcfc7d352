package dev.parley.app.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ErrorCode;
import dev.parley.core.error.ParleyException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The method table: name → {@link RpcMethod}, gathered from every {@link MethodGroup} bean. Both the JSON-RPC
 * endpoint and the REST routes call through here, so a parameter is checked the same way on either surface.
 */
@ApplicationScoped
public class RpcMethods {

    private final Map<String, RpcMethod> table = new TreeMap<>();

    @Inject
    public RpcMethods(Instance<MethodGroup> groups) {
        for (MethodGroup group : groups) {
            for (RpcMethod method : group.methods()) {
                if (table.putIfAbsent(method.name(), method) != null) {
                    throw new IllegalStateException("RPC method " + method.name() + " is registered twice");
                }
            }
        }
    }

    public Optional<RpcMethod> find(String name) {
        return Optional.ofNullable(table.get(name));
    }

    /**
     * Calls {@code method} with named {@code params}. Fails with METHOD_NOT_FOUND, INVALID_PARAMS, or whatever
     * core fails with; a handler that throws instead of failing its {@code Uni} fails the same way.
     */
    public Uni<JsonNode> call(String method, ObjectNode params) {
        return Uni.createFrom().<JsonNode>deferred(() -> {
            RpcMethod m = table.get(method);
            if (m == null) {
                throw new ParleyException(ErrorCode.METHOD_NOT_FOUND, "unknown method '" + method + "'");
            }
            return m.handler().apply(Params.check(m.params(), params)).map(JsonNode.class::cast);
        });
    }
}
