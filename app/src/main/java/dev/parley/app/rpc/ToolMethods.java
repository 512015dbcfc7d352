package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.INT;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.tools.SessionTools;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;

/**
 * The cross-session tools (SPEC §9) and the operator's send (SPEC §11): {@code tools.list},
 * {@code tools.invoke {tool, callerSessionKey, params?}} and {@code sessions.send {sessionKey, message,
 * replyPolicy?, timeoutSeconds?}}. The edge checks the envelope's types; core checks each tool's params against
 * its schema ({@code data.field} {@code params.<name>}) and applies the visibility rules.
 */
@ApplicationScoped
public class ToolMethods implements MethodGroup {

    private final SessionTools tools;

    @Inject
    public ToolMethods(SessionTools tools) {
        this.tools = tools;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("tools.list", List.of(), p -> Uni.createFrom().item(this::list)),
                RpcMethod.of("tools.invoke", List.of(required("tool", STRING), required("callerSessionKey", STRING),
                        optional("params", OBJECT)), this::invoke),
                RpcMethod.of("sessions.send", List.of(required("sessionKey", STRING), required("message", STRING),
                        optional("replyPolicy", STRING), optional("timeoutSeconds", INT)), this::send));
    }

    private JsonNode list() {
        ObjectNode result = Json.object();
        result.putArray("tools").addAll(tools.list());
        return result;
    }

    private Uni<JsonNode> invoke(Params p) {
        return tools.invoke(p.string("tool"), p.string("callerSessionKey"), p.object("params"))
                .map(JsonNode.class::cast);
    }

    private Uni<JsonNode> send(Params p) {
        return tools.operatorSend(p.string("sessionKey"), p.string("message"), p.string("replyPolicy"),
                p.integer("timeoutSeconds")).map(JsonNode.class::cast);
    }
}
