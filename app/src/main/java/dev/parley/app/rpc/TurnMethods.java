package dev.parley.app.rpc;

import static dev.parley.app.rpc.ParamSpec.optional;
import static dev.parley.app.rpc.ParamSpec.required;
import static dev.parley.app.rpc.ParamType.BOOLEAN;
import static dev.parley.app.rpc.ParamType.INT;
import static dev.parley.app.rpc.ParamType.LONG;
import static dev.parley.app.rpc.ParamType.OBJECT;
import static dev.parley.app.rpc.ParamType.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.error.ParleyException;
import dev.parley.core.session.SessionService;
import dev.parley.core.session.Turns;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Agent turns (SPEC §8.2): {@code turns.next} (long poll), {@code turns.renew}, {@code turns.complete},
 * {@code turns.fail}. The edge checks shapes and ranges; core owns the queue, the leases and their tokens.
 */
@ApplicationScoped
public class TurnMethods implements MethodGroup {
    /** The agent id grammar of session keys (SPEC §2). */
    private static final Pattern AGENT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** {@code turns.fail error}: the longest message kept, in characters. */
    static final int MAX_ERROR = 4000;
    private static final Set<String> USAGE_FIELDS = Set.of("inputTokens", "outputTokens");

    private final SessionService sessions;

    @Inject
    public TurnMethods(SessionService sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<RpcMethod> methods() {
        return List.of(
                RpcMethod.of("turns.next", List.of(optional("agentId", STRING), optional("waitSeconds", INT)),
                        this::next),
                RpcMethod.of("turns.renew", List.of(required("turnId", STRING), required("token", LONG)),
                        p -> turns().renew(p.string("turnId"), token(p))),
                RpcMethod.of("turns.complete", List.of(required("turnId", STRING), required("token", LONG),
                        optional("usage", OBJECT), optional("systemPromptTokens", LONG),
                        optional("toolSchemaTokens", LONG)), this::complete),
                RpcMethod.of("turns.fail", List.of(required("turnId", STRING), required("token", LONG),
                        required("error", STRING), optional("retry", BOOLEAN)), this::fail));
    }

    private Turns turns() {
        return sessions.turns();
    }

    private Uni<JsonNode> next(Params p) {
        String agentId = p.string("agentId");
        if (agentId != null) {
            agentId = agentId.toLowerCase(Locale.ROOT);
            if (!AGENT_ID.matcher(agentId).matches()) {
                throw ParleyException.invalidParams("agentId", "'agentId' must match " + AGENT_ID.pattern());
            }
        }
        Integer wait = p.integer("waitSeconds");
        int seconds = wait == null ? 0 : wait;
        if (seconds < 0 || seconds > 60) {
            throw ParleyException.invalidParams("waitSeconds", "'waitSeconds' must be between 0 and 60");
        }
        return turns().next(agentId, seconds).map(lease -> lease == null ? NullNode.getInstance() : lease);
    }

    private Uni<ObjectNode> complete(Params p) {
        ObjectNode usage = p.object("usage");
        Long input = null;
        Long output = null;
        if (usage != null) {
            for (var it = usage.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!USAGE_FIELDS.contains(f)) {
                    throw ParleyException.invalidParams("usage." + f, "unknown usage field '" + f
                            + "'; allowed: inputTokens, outputTokens");
                }
            }
            input = count(usage, "inputTokens");
            output = count(usage, "outputTokens");
        }
        Long system = nonNegative(p, "systemPromptTokens");
        Long tools = nonNegative(p, "toolSchemaTokens");
        return turns().complete(p.string("turnId"), token(p), new Turns.ReportedUsage(input, output, system, tools));
    }

    private Uni<ObjectNode> fail(Params p) {
        String error = p.string("error");
        if (error.length() > MAX_ERROR) {
            throw ParleyException.invalidParams("error", "'error' must be at most " + MAX_ERROR + " characters");
        }
        return turns().fail(p.string("turnId"), token(p), error, p.bool("retry", false));
    }

    private static long token(Params p) {
        return nonNegative(p, "token");
    }

    private static Long nonNegative(Params p, String name) {
        Long v = p.longValue(name);
        if (v != null && v < 0) {
            throw ParleyException.invalidParams(name, "'" + name + "' must not be negative");
        }
        return v;
    }

    private static Long count(ObjectNode usage, String field) {
        JsonNode v = usage.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw ParleyException.invalidParams("usage." + field, "'usage." + field
                    + "' must be a non-negative integer");
        }
        return v.asLong();
    }
}
