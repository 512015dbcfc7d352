package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamType.BOOLEAN;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.SystemStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/** {@code system.*} methods: {@code system.status}. */
@ApplicationScoped
public class SystemMethods implements MethodGroup {

    private final SessionService sessions;

    @Inject
    public SystemMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(RpcMethod.of("system.status", List.of(optional("verbose", BOOLEAN)),
                p -> sessions.status(p.bool("verbose", false)).map(SystemMethods::status)));
    }

    private static JsonNode status(SystemStatus s) {
        ObjectNode result = Json.object().put("version", s.version()).put("uptimeMs", s.uptimeMs());
        result.putObject("sessions")
                .put("active", s.active())
                .put("archived", s.archived())
                .put("expired", s.expired());
        result.put("storageBytes", s.storageBytes());
        result.set("memory", Json.tree(s.memory() == null ? Map.of() : s.memory()));
        result.set("plugins", Json.tree(s.plugins() == null ? Map.of() : s.plugins()));
        return result;
    }
}
